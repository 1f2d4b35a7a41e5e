from django.urls import path

from jiandu.stats import views

app_name = "stats"
urlpatterns: list = [
    path("", views.index, name="index"),
    path("tables/<slug:key>/", views.table_page, name="table"),
    path("definitions/", views.definitions_page, name="definitions"),
]
