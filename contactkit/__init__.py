"""contactkit: a stateful mock server and a contract suite for the Gomobile API."""

__version__ = "0.1.0"
