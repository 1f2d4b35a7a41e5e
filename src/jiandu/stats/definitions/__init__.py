"""The standard tables, one module each (they register with ``stats.standard``)."""

from jiandu.stats.definitions import cases, clues, sanctions  # noqa: F401
