from django.urls import path

from jiandu.core import notification_views, views

app_name = "core"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("m/<slug:key>/", views.module, name="module"),
    path("search/", views.search_page, name="search"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/enter/", views.calendar_enter, name="calendar_enter"),
    path("calendar/entries/<int:pk>/", views.holiday_entry_detail, name="holiday_entry_detail"),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path("notifications/bell/", notification_views.notification_bell, name="notification_bell"),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path("urges/", notification_views.urge_list, name="urge_list"),
    path("urges/<int:pk>/read/", notification_views.urge_acknowledge, name="urge_acknowledge"),
]
