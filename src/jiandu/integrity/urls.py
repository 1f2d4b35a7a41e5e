from django.urls import path

from jiandu.integrity import alert_views

app_name = "integrity"
urlpatterns: list = [
    path("alerts/", alert_views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", alert_views.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/<str:action>/", alert_views.alert_action, name="alert_action"),
]
