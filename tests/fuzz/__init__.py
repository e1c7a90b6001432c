"""Property-based (fuzz) tests: every request parser of the emulator must answer malformed input with the service's
4xx JSON error, never a 5xx or a dropped connection. ``python -m tests.fuzz --minutes N`` runs them for longer."""
