from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jiandu.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from jiandu.core.figures import set_unit_home, set_unit_tree
        from jiandu.core.labels import register_actions
        from jiandu.org import (
            search,  # noqa: F401 - registers its search kinds
            workbench,  # noqa: F401 - registers the workbench facts
        )
        from jiandu.org.models import Liaison, Unit
        from jiandu.org.tree import unit_home, unit_home_clear, unit_name, unit_own, unit_subtree

        set_unit_tree(subtree=unit_subtree, own=unit_own, name=unit_name)
        set_unit_home(unit_home)
        for model in (Unit, Liaison):
            for signal in (post_save, post_delete):
                signal.connect(
                    unit_home_clear,
                    sender=model,
                    dispatch_uid=f"unit_home_{model.__name__}_{id(signal)}",
                )
        register_actions(
            {
                "org.unit.create": "新建单位",
                "org.unit.update": "修改单位信息",
                "org.liaison.create": "建立联系指导关系",
                "org.cadre.create": "登记干部",
                "org.cadre.update": "修改干部信息",
                "org.post.create": "登记任职",
                "org.post.end": "登记免职",
                "org.relative.create": "登记亲属",
                "org.company.create": "登记企业",
                "org.company_person.add": "登记企业人员",
                "org.cadre.bulk_create": "批量登记干部",
                "org.post.bulk_create": "批量登记任职",
                "org.relative.bulk_create": "批量登记亲属",
                "org.company.bulk_create": "批量登记企业",
                "org.company_person.bulk_create": "批量登记企业人员",
                "org.import.units": "导入单位",
                "org.import.cadres": "导入干部",
                "org.import.posts": "导入任职",
            }
        )
