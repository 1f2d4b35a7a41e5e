from django.urls import path

from jiandu.org import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("import/", views.import_view, name="import"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("export/<slug:kind>.xlsx", views.export_view, name="export"),
]
