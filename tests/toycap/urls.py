from django.urls import path

from . import views

app_name = "toycap"
urlpatterns = [
    path("notes/", views.notes, name="notes"),
    path("notes/<int:pk>/", views.note, name="note"),
]
