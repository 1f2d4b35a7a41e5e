from django.urls import path

from jiandu.cases import decision_ledger, print_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.xlsx", views.case_export, name="case_export"),
    path("decisions/", decision_ledger.decision_list_view, name="decision_list"),
    path("decisions/export.xlsx", decision_ledger.decision_export, name="decision_export"),
    path("recoveries/", decision_ledger.recovery_list_view, name="recovery_list"),
    path("new/", views.case_open, name="case_open"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/print/", print_views.case_print, name="case_print"),
    path("<int:pk>/documents/<int:version>/", views.document_download, name="document_download"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
