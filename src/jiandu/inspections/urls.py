from django.urls import path

from jiandu.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/export.xlsx", views.target_export, name="target_export"),
    path("targets/<int:pk>/import/", views.target_import, name="target_import"),
    path("targets/<int:pk>/<slug:action>/", views.target_action, name="target_action"),
    path("ledger-template.xlsx", views.ledger_template, name="ledger_template"),
    path("items/", views.item_list, name="item_list"),
    path("items/export.xlsx", views.item_export, name="item_export"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("escalations/<int:pk>.docx", views.escalation_download, name="escalation_download"),
    path("rates/", views.rates, name="rates"),
    path("units/<int:unit_pk>/", views.unit_profile, name="unit_profile"),
]
