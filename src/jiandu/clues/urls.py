from django.urls import path

from jiandu.clues import measure_ledger, print_views, views, views_import

app_name = "clues"
urlpatterns = [
    path("", views.clue_list, name="clue_list"),
    path("export.xlsx", views.clue_export, name="clue_export"),
    path("measures/", measure_ledger.measure_list_view, name="measure_list"),
    path("measures/export.xlsx", measure_ledger.measure_export, name="measure_export"),
    path("new/", views.clue_create, name="clue_create"),
    path("import/", views_import.transfer_import, name="transfer_import"),
    path("import/template.xlsx", views_import.transfer_template, name="transfer_template"),
    path("new/cadres/", views.cadre_search, name="cadre_search"),
    path("<int:pk>/", views.clue_detail, name="clue_detail"),
    path("<int:pk>/print/", print_views.clue_print, name="clue_print"),
    path(
        "<int:pk>/clarifications/<int:clarification>/letter.docx",
        views.clarification_letter,
        name="clarification_letter",
    ),
    path("<int:pk>/<slug:action>/", views.clue_action, name="clue_action"),
]
