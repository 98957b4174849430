"""Staff write the three agreement templates and each agreement's duties in the Wagtail
admin (snippets, narrowed to their community); units, signing, meetings and notices are
the app's own phone-sized pages (``views``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.access import permitted_view
from portal.boundary import within
from portal.models import Community

from . import services
from .models import Agreement, AgreementTemplate, Unit


class CommunityForm(WagtailAdminModelForm):
    """Choices (community, unit, template) narrowed to the staff member's community."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        narrowed = {"community": Community, "unit": Unit, "template": AgreementTemplate}
        for name, model in narrowed.items():
            if name in self.fields:
                self.fields[name].queryset = within(model.objects.all(), for_user)


class OwnCommunityViewSet(SnippetViewSet):
    """Wagtail's single-object snippet views check model permissions only: another
    community's objects are refused here, whatever the URL (``portal.access``)."""

    object_permission = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, view in (
            ("edit_view_class", snippet_views.EditView),
            ("delete_view_class", snippet_views.DeleteView),
            ("usage_view_class", snippet_views.UsageView),
            ("history_view_class", snippet_views.HistoryView),
            ("inspect_view_class", snippet_views.InspectView),
        ):
            setattr(self, name, permitted_view(view, self.object_permission))


class AgreementTemplateViewSet(OwnCommunityViewSet):
    model = AgreementTemplate
    object_permission = "units.manage_agreementtemplate"
    icon = "doc-full"
    menu_label = _("Agreement templates")
    list_display = ["title", "kind"]
    list_filter = ["kind"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("preamble"),
            InlinePanel("duties", heading=_("Duties, in order"), label=_("Duty")),
        ],
        base_form_class=CommunityForm,
    )

    def get_queryset(self, request):
        return AgreementTemplate.objects.within(request.user)


class AgreementViewSet(OwnCommunityViewSet):
    model = Agreement
    object_permission = "units.manage_agreement"
    icon = "doc-full-inverse"
    menu_label = _("Responsibility agreements")
    list_display = ["title", "unit", "get_status_display", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["title", "first_party", "second_party"]
    copy_view_enabled = False  # "renew" on the agreement's page keeps each duty's identity
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("community"),
                    FieldPanel("template"),
                    FieldPanel("kind"),
                    FieldPanel("unit"),
                    FieldPanel("title"),
                    FieldPanel("first_party"),
                    FieldPanel("second_party"),
                    FieldPanel("starts_on"),
                    FieldPanel("ends_on"),
                ],
                heading=_("Agreement"),
            ),
            FieldPanel("preamble"),
            InlinePanel(
                "duties",
                heading=_("Duties, in order"),
                label=_("Duty"),
                help_text=_("Left empty, the template's duties are copied when you save."),
            ),
        ],
        base_form_class=CommunityForm,
    )

    def get_queryset(self, request):
        return Agreement.objects.within(request.user).select_related("unit", "signed")


class UnitsGroup(SnippetViewSetGroup):
    items = (AgreementTemplateViewSet, AgreementViewSet)
    menu_icon = "group"
    menu_label = _("Units and agreements")
    menu_order = 220


register_snippet(UnitsGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def duties_from_template(request, instance):
    if isinstance(instance, Agreement):
        services.fill_from_template(instance)
