from django.core.management.base import BaseCommand, CommandError

from jiandu.audit.services import chain_verify


class Command(BaseCommand):
    help = "审计链操作：verify 校验整条审计链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action: str, **options):
        report = chain_verify()
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(self.style.SUCCESS(report.message))
