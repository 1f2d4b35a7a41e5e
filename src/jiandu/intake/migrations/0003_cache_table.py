"""The table of the database cache (settings.CACHES), which holds the public portal's
rate-limit counters and used challenges (jiandu.intake.antiabuse)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Idempotent: createcachetable skips a table that already exists (Django's test
    # database creation also runs it).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_seed_categories")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
