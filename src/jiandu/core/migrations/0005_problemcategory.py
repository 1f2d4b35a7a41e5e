# ProblemCategory moves from intake to core, below the domain apps that classify by it.
# Only Django's state changes: the table keeps its name (intake_problemcategory) and
# its rows; intake 0006 removes the model from intake's state.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_sequence"),
        ("intake", "0002_seed_categories"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProblemCategory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.CharField(max_length=40, unique=True, verbose_name="代码")),
                        ("name", models.CharField(max_length=60, verbose_name="名称")),
                        (
                            "group",
                            models.CharField(
                                choices=[
                                    ("discipline", "六项纪律"),
                                    ("formalism", "形式主义、官僚主义"),
                                    ("hedonism", "享乐主义、奢靡之风"),
                                    ("field", "问题领域"),
                                ],
                                max_length=20,
                                verbose_name="类别组",
                            ),
                        ),
                        ("valid_from", models.DateField(verbose_name="启用日期")),
                        ("valid_to", models.DateField(blank=True, null=True, verbose_name="停用日期")),
                        ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                    ],
                    options={
                        "verbose_name": "问题类别",
                        "verbose_name_plural": "问题类别",
                        "db_table": "intake_problemcategory",
                        "ordering": ["group", "sort_order", "code"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
