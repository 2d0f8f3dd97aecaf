"""The contract suite: checks any implementation of the Gomobile API against the spec.

It never imports `mockserver`: it must work against any server (see ARCHITECTURE.md).
"""
