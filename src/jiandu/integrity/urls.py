from django.urls import path

from jiandu.integrity import profile_views

app_name = "integrity"
urlpatterns: list = [
    # Profiles (精准画像)
    path("cadres/<int:pk>/profile/", profile_views.cadre_profile, name="cadre_profile"),
    path("cadres/<int:pk>/notes/", profile_views.cadre_note_add, name="cadre_note_add"),
    path("units/<int:pk>/profile/", profile_views.unit_profile, name="unit_profile"),
]
