"""Benchmarks: ``python -m benchmarks`` prints one JSON object per line (name, value, unit, and baseline and ratio
where a naive approach is measured in the same run)."""
