"""The statistics module's tables: frozen publications (a table, a bulletin or an
assessment as issued) and, in their own modules, bulletin templates and assessment
schemes. The figures themselves are never stored: they are counted from the record."""

from jiandu.stats.models.publications import Publication, PublicationKind, PublicationStatus

__all__ = ["Publication", "PublicationKind", "PublicationStatus"]
