from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("checkups/", views.checkups, name="checkups"),
    path("checkups/totals/", views.totals, name="totals"),
    path("checkups/<int:day_id>/book/", views.book, name="book"),
    path("bookings/<int:booking_id>/cancel/", views.cancel, name="cancel"),
    path("staff/checkups/", views.staff_days, name="staff_days"),
    path("staff/checkups/<int:day_id>/", views.staff_day, name="staff_day"),
    path("staff/bookings/<int:booking_id>/attendance/", views.mark, name="mark"),
    path("staff/bookings/<int:booking_id>/notice/", views.notice, name="notice"),
    path("help/", views.help_index, name="help"),
    path("help/<int:request_id>/", views.help_request, name="help_request"),
    path("help/<int:request_id>/documents/", views.help_document_upload, name="help_upload"),
    path(
        "help/<int:request_id>/documents/<int:document_id>/",
        views.help_document,
        name="help_document",
    ),
    path("help/<int:request_id>/status/", views.help_status, name="help_status"),
    path("staff/help/", views.staff_help, name="staff_help"),
    path("staff/help/new/", views.staff_file, name="staff_file"),
]
