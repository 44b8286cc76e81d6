"""Benchmarks of the award pipeline at national scale (`make bench`); not part of the test suite."""
