"""``jiandu otp code <username>``: print the current TOTP code of a demo account.

For the demo only (``jiandu demo`` enrols the accounts that must use two-factor login
and prints this command): it reads the device key from the database, so it refuses
under the production settings and for accounts that are not demo accounts.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiandu.accounts.models import User
from jiandu.accounts.twofactor import confirmed_device, current_code
from jiandu.devtools.demo.accounts import DEMO_USERS


class Command(BaseCommand):
    help = (
        "两步验证（仅用于演示）：code <用户名> 显示演示账号当前的动态验证码。"
        "生产环境请使用身份验证器应用。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["code"])
        parser.add_argument("username")

    def handle(self, *args, action: str, username: str, **options):
        if settings.SETTINGS_MODULE.endswith("settings_production"):
            raise CommandError("生产环境不提供此命令，请使用身份验证器应用")
        if username not in {name for name, _, _, _ in DEMO_USERS}:
            raise CommandError(f"{username} 不是演示账号，本命令只用于演示账号")
        user = User.objects.filter(username=username).first()
        device = confirmed_device(user) if user else None
        if device is None:
            raise CommandError(f"{username} 未启用两步验证")
        self.stdout.write(current_code(device))
