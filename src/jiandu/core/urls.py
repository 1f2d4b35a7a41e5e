from django.urls import path

from jiandu.core import views

app_name = "core"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("m/<slug:key>/", views.module, name="module"),
    path("search/", views.search_page, name="search"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/enter/", views.calendar_enter, name="calendar_enter"),
    path("calendar/entries/<int:pk>/", views.holiday_entry_detail, name="holiday_entry_detail"),
]
