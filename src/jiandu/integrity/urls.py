from django.urls import path

from jiandu.integrity import register_views

app_name = "integrity"
urlpatterns: list = [
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
]
