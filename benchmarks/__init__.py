"""Benchmarks of kampanye: ``python -m benchmarks NAME`` (see docs/benchmarks.md)."""
