"""The version of asyncdns-resolvers (kept in lockstep with every asyncdns distribution)."""

__version__ = "0.2.0"
