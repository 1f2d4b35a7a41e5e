from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CoreConfig(AppConfig):
    name = "jiandu.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from jiandu.core.calendar import invalidate_cache
        from jiandu.core.models import CalendarDay, CalendarYear

        # The legal calendar caches the holiday tables; any change to them drops it.
        for model in (CalendarDay, CalendarYear):
            for signal in (post_save, post_delete):
                signal.connect(
                    invalidate_cache,
                    sender=model,
                    dispatch_uid=f"calendar-invalidate-{signal is post_save}-{model.__name__}",
                )
        post_migrate.connect(invalidate_cache, dispatch_uid="calendar-invalidate-migrate")

        from jiandu.core.search import backfill_if_empty

        # A database from before the search box (or a restore) gets its index once.
        post_migrate.connect(
            backfill_if_empty, sender=self, dispatch_uid="search-backfill-if-empty"
        )

        from jiandu.core.labels import register_actions

        register_actions(
            {
                "core.calendar.enter_year": "录入节假日安排",
                "core.notification.preference": "修改通知接收方式",
            }
        )

        # Urges (their workbench items) and notifications: a new proposal of any
        # approval model notifies who decides it; the reminders and the digest are daily.
        from django.apps import apps

        from jiandu.core import notifications, urging
        from jiandu.core.approvals import Approval
        from jiandu.core.schedule import daily_job

        for approval_model in apps.get_models():
            if issubclass(approval_model, Approval):
                post_save.connect(
                    notifications.approval_proposed,
                    sender=approval_model,
                    dispatch_uid=f"notify-approval-{approval_model._meta.label_lower}",
                )
        daily_job("notifications.deadlines")(urging.deadlines_daily)
        daily_job("notifications.digest")(notifications.digest_daily)
