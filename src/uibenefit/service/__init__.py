"""`uibenefit serve`: the library over HTTP, and a caseworker's page (the `serve` extra).

from uibenefit.service import create_app
app = create_app(policies_dir=None)   # an ASGI app: uvicorn, or any ASGI server
"""

from .app import Limits, create_app

__all__ = ["Limits", "create_app"]
