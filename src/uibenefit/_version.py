"""The engine's version, in one place (`uibenefit --version`, every decision's `origin`)."""

__version__ = "0.1.0"
