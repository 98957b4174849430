from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .forms import CovenantVersionForm
from .models import CovenantVersion


class CovenantVersionViewSet(SnippetViewSet):
    model = CovenantVersion
    icon = "doc-full"
    menu_label = _("Covenant versions")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "covenant", "get_status_display", "effective_date"]
    # The admin's search box (database "contains": finds 公约 inside 本公约…).
    search_fields = ["preamble", "summary"]
    copy_view_enabled = False  # "start a new draft" on the version page keeps clause identities
    edit_handler = ObjectList(
        [
            FieldPanel("covenant"),
            FieldPanel("preamble"),
            InlinePanel("clauses", heading=_("Clauses, in order"), label=_("Clause")),
            MultiFieldPanel(
                [FieldPanel("consultation_opens"), FieldPanel("consultation_closes")],
                heading=_("Public consultation (optional)"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("effective_date"),
                    FieldPanel("summary"),
                    FieldPanel("carries_out"),
                    FieldPanel("publish"),
                ],
                heading=_("Publication"),
            ),
        ],
        base_form_class=CovenantVersionForm,
    )

    def get_queryset(self, request):
        return CovenantVersion.objects.within(request.user).select_related("covenant")


register_snippet(CovenantVersionViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def invite_when_in_force(request, instance):
    if isinstance(instance, CovenantVersion) and instance.published_at:
        services.invite_to_readopt(instance)
