"""The Windows backend: adapters (``GetAdaptersAddresses``), the registry, NRPT rules.

:mod:`.parse` is pure; :mod:`.fetch` calls iphlpapi through ctypes and reads the registry
with ``winreg``, both imported only when it runs.
"""
