"""The version of pytest-asyncdns (kept in lockstep with every asyncdns distribution)."""

__version__ = "0.2.0"
