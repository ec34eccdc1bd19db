"""Benchmarks: run with scripts/bench. Figures are ratios against a bare baseline measured in the same run."""
