from django.urls import path

from jiandu.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/publish/", views.document_publish, name="document_publish"),
    path("rates/", views.rates, name="rates"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
