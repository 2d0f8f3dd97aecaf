"""The stateful mock server."""
