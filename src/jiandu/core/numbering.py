"""Register numbers: one counter per prefix and year, never reused, safe under
concurrency (row lock on PostgreSQL, write lock on SQLite)."""

from __future__ import annotations

from django.db import IntegrityError, transaction


def next_number(prefix: str, year: int, *, width: int = 5) -> str:
    """E.g. ``next_number("XF", 2026)`` → ``"XF2026-00001"``. Call inside the service's
    transaction so that a rolled-back registration gives its number back."""
    from jiandu.core.models import Sequence

    name = f"{prefix}{year}"
    if not Sequence.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                Sequence.objects.create(name=name, value=0)
        except IntegrityError:
            pass  # created concurrently
    seq = Sequence.objects.select_for_update().get(name=name)
    seq.value += 1
    seq.save(update_fields=["value"])
    return f"{name}-{seq.value:0{width}d}"
