from django.urls import path

from jiandu.integrity import clearance_views

app_name = "integrity"
urlpatterns: list = [
    path("clearance/", clearance_views.clearance_list, name="clearance_list"),
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
