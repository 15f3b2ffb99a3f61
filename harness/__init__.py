"""Shared by tests and benchmarks: start the app on a free localhost port and drive Debian's Chromium."""
