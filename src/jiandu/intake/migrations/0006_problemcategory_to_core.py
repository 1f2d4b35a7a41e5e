# ProblemCategory now lives in core (core 0005); the reports' categories point there.
# State only: the table intake_problemcategory and the through tables stay as they are.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_identity_access_request"),
        ("core", "0005_problemcategory"),
        ("cases", "0002_categories_from_core"),
        ("clues", "0006_categories_from_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="report",
                    name="categories",
                    field=models.ManyToManyField(
                        blank=True, to="core.problemcategory", verbose_name="问题类别"
                    ),
                ),
                migrations.DeleteModel(name="ProblemCategory"),
            ],
            database_operations=[],
        ),
    ]
