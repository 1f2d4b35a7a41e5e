# The categories now point at core.ProblemCategory (same table): state only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("core", "0005_problemcategory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="categories",
                    field=models.ManyToManyField(
                        blank=True, to="core.problemcategory", verbose_name="问题类别"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
