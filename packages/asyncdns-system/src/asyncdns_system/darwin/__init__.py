"""The macOS backend: SystemConfiguration's dynamic store plus ``/etc/resolver/*``.

:mod:`.parse` is pure; :mod:`.fetch` calls SystemConfiguration through ctypes, loaded only
when it runs.
"""
