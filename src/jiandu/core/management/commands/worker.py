from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务处理进程（django-tasks 数据库后端），并按日安排定时任务"

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedule", action="store_true", help="不安排每日定时任务（如廉政风险提示计算）"
        )

    def handle(self, *args, no_schedule: bool = False, **options):
        if not no_schedule:
            from jiandu.core.schedule import Scheduler

            Scheduler().start()
        call_command("db_worker", interval=1.0)
