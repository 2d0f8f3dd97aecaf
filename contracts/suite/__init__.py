"""The contract checks, as pytest tests (run them with `contactkit check`)."""
