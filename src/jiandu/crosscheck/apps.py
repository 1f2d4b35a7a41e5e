from django.apps import AppConfig


class CrosscheckConfig(AppConfig):
    name = "jiandu.crosscheck"
    label = "crosscheck"
    verbose_name = "数据比对"

    def ready(self) -> None:
        from jiandu.core.labels import register_actions
        from jiandu.crosscheck import (
            figures,  # noqa: F401 - registers the statistics figures
            search,  # noqa: F401 - registers its search kinds
            workbench,  # noqa: F401 - registers the workbench provider
        )
        from jiandu.crosscheck.triage import ACTION_LABELS

        register_actions({f"crosscheck.hit.{k}": v for k, v in ACTION_LABELS.items()})
        register_actions(
            {
                "crosscheck.dataset.import": "导入比对数据集",
                "crosscheck.dataset.export_register": "干部名册导出为比对数据集",
                "crosscheck.run.start": "发起数据比对",
                "crosscheck.run.finish": "数据比对完成",
                "crosscheck.run.fail": "数据比对失败",
                "crosscheck.run.cancel": "取消数据比对",
                "crosscheck.run.cancelled": "数据比对已取消",
                "crosscheck.import.start": "上传比对数据文件",
                "crosscheck.import.fail": "比对数据导入失败",
                "crosscheck.import.cancel": "取消比对数据导入",
                "crosscheck.import.cancelled": "比对数据导入已取消",
            }
        )
