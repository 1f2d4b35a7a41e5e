from django.urls import path

from jiandu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("2fa/", views.otp_setup, name="otp_setup"),
    path("password/", views.password_change, name="password_change"),
]
