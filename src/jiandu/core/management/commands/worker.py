from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务处理进程（django-tasks 数据库后端）"

    def handle(self, *args, **options):
        call_command("db_worker", interval=1.0)
