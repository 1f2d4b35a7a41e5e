from django.urls import path

from jiandu.integrity import alert_views, profile_views, register_views

app_name = "integrity"
urlpatterns: list = [
    # Register records of the integrity file (廉政档案)
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
]
