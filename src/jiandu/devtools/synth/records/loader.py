"""Bulk writing for the synthetic history: rows go straight into the tables, bypassing
the services (synthetic data only; see the package docstring).

On PostgreSQL a table's rows are sent with ``COPY … FROM STDIN`` (psycopg 3
``cursor.copy``); elsewhere (SQLite, for the tests) with ``executemany`` of the values
Django would have saved. The generator gives, per table, the columns it fills; every
other column takes the model field's default, so a row is complete however the model
grows (a NOT NULL column without a default that the generator does not fill is an error
raised before anything is written).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

PG = "postgresql"


class Table:
    """The columns of one model's table: those the generator fills (``fields``, by
    attname, in that order) and the rest with their constant defaults."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.model = model
        self.fields = list(fields)
        concrete = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in self.fields if name not in concrete]
        if unknown:
            raise ValueError(f"{model.__name__}: no column {unknown}")
        self.defaults: list[tuple[str, Any]] = []
        for name, field in concrete.items():
            if name in self.fields or field.primary_key:
                continue
            value = field.get_default()
            no_default = field.default is NOT_PROVIDED
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{name} is NOT NULL: the generator must fill it")
            if no_default and getattr(field, "auto_now_add", False):  # pragma: no cover
                raise ValueError(f"{model.__name__}.{name}: auto_now_add, fill it")
            self.defaults.append((name, value))
        self.columns = self.fields + [name for name, _ in self.defaults]
        self.tail = tuple(value for _, value in self.defaults)
        self.db_fields = [concrete[name] for name in self.columns]
        # JSON columns: COPY takes their text (psycopg would send a list as an array).
        self.json = [i for i, f in enumerate(self.db_fields) if isinstance(f, models.JSONField)]

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table


_TABLES: dict[tuple[type[models.Model], tuple[str, ...]], Table] = {}


def table(model: type[models.Model], fields: Sequence[str]) -> Table:
    key = (model, tuple(fields))
    if key not in _TABLES:
        _TABLES[key] = Table(model, fields)
    return _TABLES[key]


def write(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples of ``fields``' values) into ``model``'s table; returns
    how many."""
    t = table(model, fields)
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in t.columns)
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == PG:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {qn(t.db_table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    values = (*row, *t.tail)
                    if t.json:
                        values = tuple(
                            json.dumps(v, ensure_ascii=False) if i in t.json else v
                            for i, v in enumerate(values)
                        )
                    copy.write_row(values)
                    n += 1
            return n
        marks = ", ".join(["%s"] * len(t.columns))
        sql = f"INSERT INTO {qn(t.db_table)} ({cols}) VALUES ({marks})"  # noqa: S608 - our names
        batch: list[list[Any]] = []
        for row in rows:
            values = (*row, *t.tail)
            batch.append(
                [
                    f.get_db_prep_save(v, connection)
                    for f, v in zip(t.db_fields, values, strict=True)
                ]
            )
            n += 1
            if len(batch) >= 2000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return n


class Ids:
    """Primary keys handed out by the generator (so that rows can point at each other
    without reading them back), starting after the table's largest."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], n: int = 1) -> int:
        """The first of ``n`` fresh ids of ``model``."""
        if model not in self._next:
            top = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = top + 1
        first = self._next[model]
        self._next[model] = first + n
        return first


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """After explicit ids: the tables' id sequences continue after the largest id."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
