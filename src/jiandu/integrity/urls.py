from django.urls import path

from jiandu.integrity import views

app_name = "integrity"
urlpatterns = [
    path("cadres/<int:pk>/", views.cadre_file, name="cadre_file"),
    path("cadres/<int:pk>/print/", views.cadre_file_print, name="cadre_file_print"),
    path("cadres/<int:pk>/export.xlsx", views.cadre_file_export, name="cadre_file_export"),
]
