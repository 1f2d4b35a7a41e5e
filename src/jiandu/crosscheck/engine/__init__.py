"""The cross-check data engine (数据比对): dataset types and imports, the rule library,
and the runners (DuckDB in-process, Spark for data beyond one machine).

No Django models and no ORM here: the Django side (models, services, views) stores
dataset versions, runs and hits and calls :func:`engine.datasets.import_file` and
:func:`engine.run.run_rules`.
"""
