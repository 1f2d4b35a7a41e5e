from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jiandu.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from jiandu.accounts import workbench  # noqa: F401 - registers the workbench facts
        from jiandu.accounts.middleware import note_device
        from jiandu.core.labels import register_actions

        user_logged_in.connect(
            lambda sender, request, user, **kw: note_device(request, user),
            dispatch_uid="jiandu-otp-note-device",
            weak=False,
        )

        register_actions(
            {
                "accounts.user.create": "新建用户",
                "accounts.user.activate": "启用用户",
                "accounts.user.deactivate": "停用用户",
                "accounts.user.update": "修改用户信息",
                "accounts.user.enable": "启用账号",
                "accounts.user.disable": "停用账号",
                "accounts.user.password_reset": "重置密码",
                "accounts.user.unlock": "解除登录锁定",
                "accounts.user.grant_admin_site": "授予后台管理权限",
                "accounts.user.password_change": "修改密码",
                "accounts.otp.enrol": "启用两步验证",
                "accounts.otp.verify": "通过两步验证登录",
                "accounts.otp.disable": "停用两步验证",
                "core.field_key.rotate": "更换字段加密密钥",
            }
        )
