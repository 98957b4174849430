from django.urls import path

from . import feeds, views

app_name = "associations"
urlpatterns = [
    path("feed/rss/", feeds.AllMinutesFeed(), name="feed_rss"),
    path("feed/atom/", feeds.AllMinutesAtomFeed(), name="feed_atom"),
    path("<int:pk>/edit/", views.association_edit, name="association_edit"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/minutes/", views.minutes_list, name="minutes_list"),
    path("<int:pk>/minutes/new/", views.minutes_create, name="minutes_create"),
    path("<int:pk>/feed/rss/", feeds.AssociationMinutesFeed(), name="association_feed_rss"),
    path("<int:pk>/feed/atom/", feeds.AssociationMinutesAtomFeed(), name="association_feed_atom"),
    path("memberships/<int:pk>/decide/", views.decide, name="decide"),
    path("memberships/<int:pk>/role/", views.set_role, name="set_role"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("minutes/<int:pk>/", views.minutes_detail, name="minutes"),
    path("minutes/<int:pk>/edit/", views.minutes_edit, name="minutes_edit"),
    path("minutes/<int:pk>/delete/", views.minutes_delete, name="minutes_delete"),
    path("minutes/<int:pk>/history/", views.minutes_history, name="minutes_history"),
    path("minutes/<int:pk>/files/<int:file_pk>/", views.minutes_file, name="minutes_file"),
]
