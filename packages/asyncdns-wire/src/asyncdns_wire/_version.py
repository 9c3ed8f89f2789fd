"""The version of asyncdns-wire (kept in lockstep with every asyncdns distribution)."""

__version__ = "0.2.0"
