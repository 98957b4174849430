from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_comment_moderation_menu_item():
    return ModerationMenuItem(
        _("Comments to review"), reverse("discussion-moderation"), icon_name="comment", order=260
    )
