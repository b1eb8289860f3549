"""`python -m uibenefit` is the `uibenefit` command."""

import sys

from .cli import main

sys.exit(main())
