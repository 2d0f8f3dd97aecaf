"""The benchmark harness behind benchmarks/run.py: servers, load, the other sections."""
