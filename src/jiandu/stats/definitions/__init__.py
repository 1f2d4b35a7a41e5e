"""The standard tables, one module each (they register with ``stats.standard``)."""

from jiandu.stats.definitions import clues  # noqa: F401
