from django.urls import path

from jiandu.crosscheck import views

app_name = "crosscheck"
urlpatterns = [
    path("", views.hit_list, name="hit_list"),
    path("hits/export/", views.hit_export, name="hit_export"),
    path("hits/<int:pk>/", views.hit_detail, name="hit_detail"),
    path("hits/<int:pk>/<str:action>/", views.hit_action, name="hit_action"),
    path("rules/", views.rule_list, name="rule_list"),
    path("datasets/", views.dataset_list, name="dataset_list"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("datasets/<int:pk>/rejections.xlsx", views.dataset_rejections, name="dataset_rejections"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
]
