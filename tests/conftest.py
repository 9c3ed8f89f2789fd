"""Root conftest: pytester must be enabled here (pytest rejects pytest_plugins below the root)."""

pytest_plugins = ["pytester"]
