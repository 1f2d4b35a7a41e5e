"""The standard tables, one module each (they register with ``stats.standard``)."""

from jiandu.stats.definitions import (  # noqa: F401
    cases,
    clearance,
    clues,
    crosscheck,
    directives,
    rectification,
    reports,
    sanctions,
    urges,
)
