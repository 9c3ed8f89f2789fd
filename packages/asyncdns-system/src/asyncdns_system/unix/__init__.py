"""The UNIX backend: ``/etc/resolv.conf`` (:mod:`.parse` is pure, :mod:`.fetch` reads it)."""
