"""The discussion URLs under /comments/. They replace comments-xtd's own URL set, so that
every way to post, reply, like or flag goes through the permission checks here."""

from django.contrib.contenttypes.views import shortcut
from django.urls import path, re_path

from . import views

urlpatterns = [
    # Named like django-contrib-comments' view so that its {% comment_form_target %} posts here.
    path("post/", views.post_comment, name="comments-post-comment"),
    path("reply/<int:comment_id>/", views.reply, name="discussion-reply"),
    path("like/<int:comment_id>/", views.like, name="discussion-like"),
    path("flag/<int:comment_id>/", views.flag, name="discussion-flag"),
    path("follow/", views.follow, name="discussion-follow"),
    path("moderation/", views.moderation_queue, name="discussion-moderation"),
    path("moderate/<int:comment_id>/", views.moderate, name="discussion-moderate"),
    # Comment.get_absolute_url() (used by the Django admin's "view on site").
    re_path(r"^cr/(\d+)/(.+)/$", shortcut, name="comments-url-redirect"),
]
