from django.urls import path

from jiandu.stats import assessment_views, bulletin_views, views

app_name = "stats"
urlpatterns: list = [
    path("", views.index, name="index"),
    path("tables/<slug:key>/", views.table_page, name="table"),
    path("assessment/", assessment_views.ranking, name="assessment"),
    path("assessment/publish/", assessment_views.publish, name="assessment_publish"),
    path("assessment/units/<int:unit_id>/", assessment_views.unit_page, name="assessment_unit"),
    path(
        "assessment/published/<int:pk>/",
        assessment_views.publication,
        name="assessment_publication",
    ),
    path("assessment/scheme/", assessment_views.scheme_page, name="assessment_scheme"),
    path(
        "assessment/scheme/<int:pk>/copy/",
        assessment_views.scheme_copy,
        name="assessment_scheme_copy",
    ),
    path(
        "assessment/scheme/<int:pk>/indicators/<slug:key>/",
        assessment_views.indicator_edit,
        name="assessment_indicator",
    ),
    path("tables/<slug:key>/publish/", views.table_publish, name="table_publish"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("bulletins/new/", bulletin_views.bulletin_generate, name="bulletin_generate"),
    path("bulletins/<int:pk>/edit/", bulletin_views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/issue/", bulletin_views.bulletin_issue, name="bulletin_issue"),
    path(
        "bulletins/<int:pk>/download/", bulletin_views.bulletin_download, name="bulletin_download"
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("definitions/", views.definitions_page, name="definitions"),
    path("parts/", views.cell_parts, name="cell_parts"),
]
