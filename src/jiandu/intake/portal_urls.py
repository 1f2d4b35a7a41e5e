"""The public reporting portal, mounted at /jubao/ (no account needed)."""

from django.urls import path

from jiandu.intake import portal

app_name = "portal"

urlpatterns = [
    path("", portal.submit, name="submit"),
    path("huizhi/", portal.done, name="done"),
    path("chaxun/", portal.query, name="query"),
    path("chaxun/jieguo/", portal.status, name="status"),
]
