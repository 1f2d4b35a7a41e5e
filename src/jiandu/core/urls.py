from django.urls import path

from jiandu.core import views

app_name = "core"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("m/<slug:key>/", views.module, name="module"),
    path("calendar/", views.calendar, name="calendar"),
]
