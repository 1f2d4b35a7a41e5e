from django.urls import path

from jiandu.intake import print_views, views

app_name = "intake"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("identity-requests/", views.identity_request_list, name="identity_request_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/print/", print_views.report_print, name="report_print"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.report_attachment,
        name="report_attachment",
    ),
    path("<int:pk>/<slug:action>/", views.report_action, name="report_action"),
]
