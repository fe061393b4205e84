"""Rules of the certificates service in plain Python (no nameko, no database)."""
