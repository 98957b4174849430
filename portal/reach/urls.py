from django.urls import path

from . import views

app_name = "reach"
urlpatterns = [
    path("audio/<str:key>.opus", views.read_aloud, name="audio"),
]
