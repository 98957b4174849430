from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Quiz, TrainingClass


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    list_display = ["title", "lesson", "pass_mark"]
    search_fields = ["title"]


class TrainingClassViewSet(SnippetViewSet):
    model = TrainingClass
    icon = "date"
    list_display = ["title", "starts_at", "place", "capacity"]
    list_filter = ["course"]


class TrainingViewSetGroup(SnippetViewSetGroup):
    items = (QuizViewSet, TrainingClassViewSet)
    menu_icon = "group"
    menu_label = _("Population school")
    menu_name = "training"


register_snippet(TrainingViewSetGroup)


class TotalsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("training.see_learning_totals")


@hooks.register("register_admin_menu_item")
def learning_totals_menu_item():
    return TotalsMenuItem(
        _("Learning totals"), reverse("training:totals"), icon_name="table", order=900
    )
