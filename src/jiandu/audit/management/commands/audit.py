from django.core.management.base import BaseCommand, CommandError

from jiandu.audit.services import chain_verify


class Command(BaseCommand):
    help = "审计链操作：verify 校验整条审计链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--record",
            action="store_true",
            help="把校验结果记入审计链（系统管理员的工作台显示最近一次结果），供定时任务使用",
        )

    def handle(self, *args, action: str, **options):
        if options.get("record"):
            from jiandu.audit.tasks import chain_verify_recorded

            result = chain_verify_recorded()
            ok, message = result["ok"], result["message"]
        else:
            report = chain_verify()
            ok, message = report.ok, report.message
        if not ok:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))
