from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jiandu.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from jiandu.core.labels import register_actions

        register_actions(
            {
                "accounts.user.create": "新建用户",
                "accounts.user.activate": "启用用户",
                "accounts.user.deactivate": "停用用户",
                "accounts.user.grant_admin_site": "授予后台管理权限",
            }
        )
