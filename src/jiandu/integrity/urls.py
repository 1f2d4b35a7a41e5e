from django.urls import path

from jiandu.integrity import alert_views, clearance_views, profile_views, register_views, views

app_name = "integrity"
urlpatterns: list = [
    # The integrity file (廉政档案) of a cadre
    path("cadres/<int:pk>/", views.cadre_file, name="cadre_file"),
    path("cadres/<int:pk>/print/", views.cadre_file_print, name="cadre_file_print"),
    path("cadres/<int:pk>/export.xlsx", views.cadre_file_export, name="cadre_file_export"),
    # Register records of the integrity file
    path(
        "cadres/<int:cadre_pk>/register/<slug:kind>/add/",
        register_views.register_add,
        name="register_add",
    ),
    path("declarations/import/", register_views.declaration_import, name="declaration_import"),
    path(
        "declarations/import/template.xlsx",
        register_views.declaration_template,
        name="declaration_template",
    ),
    # Profiles (精准画像)
    path("cadres/<int:pk>/profile/", profile_views.cadre_profile, name="cadre_profile"),
    path("cadres/<int:pk>/notes/", profile_views.cadre_note_add, name="cadre_note_add"),
    path("units/<int:pk>/profile/", profile_views.unit_profile, name="unit_profile"),
    # Early alerts (廉政风险提示)
    path("alerts/", alert_views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", alert_views.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/<str:action>/", alert_views.alert_action, name="alert_action"),
    # Clearance replies (党风廉政意见回复)
    path("clearance/", clearance_views.clearance_list, name="clearance_list"),
    path("clearance/people/", clearance_views.clearance_people, name="clearance_people"),
    path("clearance/new/", clearance_views.clearance_new, name="clearance_new"),
    path("clearance/template/", clearance_views.clearance_template, name="clearance_template"),
    path("clearance/<int:pk>/", clearance_views.clearance_detail, name="clearance_detail"),
    path("clearance/<int:pk>/letter/", clearance_views.clearance_letter, name="clearance_letter"),
    path("clearance/<int:pk>/scan/", clearance_views.clearance_scan, name="clearance_scan"),
    path(
        "clearance/<int:pk>/<str:action>/",
        clearance_views.clearance_action,
        name="clearance_action",
    ),
]
