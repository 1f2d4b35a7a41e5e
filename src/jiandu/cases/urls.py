from django.urls import path

from jiandu.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.xlsx", views.case_export, name="case_export"),
    path("new/", views.case_open, name="case_open"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/documents/<int:version>/", views.document_download, name="document_download"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
