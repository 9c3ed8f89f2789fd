"""Command-line entry point (placeholder)."""


def main() -> int:
    """Run the asyncdns command line."""
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
