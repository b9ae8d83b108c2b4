"""Benchmarks: each compares a rasd stage with a baseline measured in the same run and prints the ratio."""
