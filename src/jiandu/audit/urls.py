from django.urls import path

from jiandu.audit import views

app_name = "audit"
urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("verify/", views.chain_verify, name="chain_verify"),
]
