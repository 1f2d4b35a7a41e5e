from django.urls import path

from jiandu.stats import bulletin_views, views

app_name = "stats"
urlpatterns: list = [
    path("", views.index, name="index"),
    path("tables/<slug:key>/", views.table_page, name="table"),
    path("tables/<slug:key>/publish/", views.table_publish, name="table_publish"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("bulletins/new/", bulletin_views.bulletin_generate, name="bulletin_generate"),
    path("bulletins/<int:pk>/edit/", bulletin_views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/issue/", bulletin_views.bulletin_issue, name="bulletin_issue"),
    path(
        "bulletins/<int:pk>/download/", bulletin_views.bulletin_download, name="bulletin_download"
    ),
    path("definitions/", views.definitions_page, name="definitions"),
]
