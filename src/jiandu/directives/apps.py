from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "jiandu.directives"
    label = "directives"
    verbose_name = "督办事项"

    def ready(self) -> None:
        from jiandu.core.labels import register_actions
        from jiandu.directives import (
            figures,  # noqa: F401 - registers the statistics figures
            search,  # noqa: F401 - registers its search kinds
            urging,  # noqa: F401 - registers what can be urged
            workbench,  # noqa: F401 - registers the workbench provider
        )
        from jiandu.directives.rules import ACTION_LABELS

        register_actions({f"directives.task.{k}": v for k, v in ACTION_LABELS.items()})
        register_actions(
            {
                "directives.document.upload": "上传部署文件",
                "directives.document.publish": "发布交办督办任务",
            }
        )
