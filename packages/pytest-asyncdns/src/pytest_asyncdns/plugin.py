"""pytest hooks and fixtures for pytest-asyncdns (placeholder)."""
