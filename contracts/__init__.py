"""The contract suite: checks any server of the APIs in `contracts.apis` against their specs.

It never imports `mockserver`: it must work against any server (see ARCHITECTURE.md).
"""
