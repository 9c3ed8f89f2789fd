"""asyncdns: a fast, strict, safe pure-Python asyncio DNS resolver."""

from ._version import __version__

__all__ = ["__version__"]
