from django.urls import path

from . import views

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/prepare/", views.prepare_my_data, name="prepare_my_data"),
    path("my-data/<int:pk>/", views.download_my_data, name="download_my_data"),
    path("delete/", views.delete_account, name="delete_account"),
]
