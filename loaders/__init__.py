"""Build step: read public source files (local copies or the publishers' URLs) and derive the ``geodata/`` snapshot.

The app never imports this package at run time; it only reads what the build wrote.
"""
