"""The version, in one place: packaging reads it (pyproject's dynamic version) and so does the code."""

__version__ = "0.1.0"
