from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("v<int:version>/", views.notice, name="notice_version"),
    path("consent/", views.consent, name="consent"),
    path("my/", views.my_consents, name="my_consents"),
    path("sensitive/<slug:purpose_key>/", views.sensitive, name="sensitive"),
    path("sensitive/<slug:purpose_key>/withdraw/", views.withdraw, name="withdraw"),
]
