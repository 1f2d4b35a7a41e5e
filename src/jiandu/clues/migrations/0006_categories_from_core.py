# The categories now point at core.ProblemCategory (same table): state only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clues", "0005_clue_status_case_filed"),
        ("core", "0005_problemcategory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="clue",
                    name="categories",
                    field=models.ManyToManyField(
                        blank=True, to="core.problemcategory", verbose_name="问题类别"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
