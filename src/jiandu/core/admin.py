"""Admin for the legal calendar: an administrator enters a new year's holidays here."""

from __future__ import annotations

from django.contrib import admin

from jiandu.core.models import CalendarDay, CalendarYear, PolicyValue


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "note")
    search_fields = ("year", "source", "note")
    ordering = ("-year",)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name")
    list_filter = ("kind", "name")
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("-date",)
    list_per_page = 50

    @admin.display(description="星期")
    def weekday(self, obj: CalendarDay) -> str:
        return "星期" + "一二三四五六日"[obj.date.weekday()]


@admin.register(PolicyValue)
class PolicyValueAdmin(admin.ModelAdmin):
    list_display = ("label", "key", "value", "unit", "valid_from", "source")
    list_filter = ("key",)
