from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import GuardianConsent, PrivacyNotice


class SuperusersOnly(ModelPermissionPolicy):
    """The privacy notice is the operator's word to every resident: superusers only."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return user.is_active and user.is_superuser

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_permission(user, "change")

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_permission(user, "change"):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


register_permission_policy(PrivacyNotice, SuperusersOnly(PrivacyNotice), exact_class=True)


class PrivacyNoticeForm(WagtailAdminModelForm):
    """A version someone agreed to keeps what they agreed to: changes go in a new version."""

    def clean(self):
        cleaned = super().clean()
        notice = self.instance
        changed = self.has_changed() or any(f.has_changed() for f in self.formsets.values())
        if notice.pk and changed and notice.consents.exists():
            raise ValidationError(
                _(
                    "People have agreed to this version, so it cannot change. Add a new "
                    "version with a later number and date: everyone is asked to agree to it."
                )
            )
        return cleaned


class PrivacyNoticeViewSet(SnippetViewSet):
    model = PrivacyNotice
    icon = "lock"
    menu_label = _("Privacy notice")
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["__str__", "effective_at", "changes"]
    edit_handler = ObjectList(
        [
            FieldPanel("version"),
            FieldPanel("effective_at"),
            FieldPanel("changes"),
            InlinePanel("texts", heading=_("Text in each language"), label=_("Text"), min_num=1),
        ],
        base_form_class=PrivacyNoticeForm,
    )


class GuardianConsentForm(WagtailAdminModelForm):
    """The child is an account that has not agreed to the notice yet (staff make it first,
    under Users): a short list, never every resident."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        waiting = field.queryset.filter(privacy_consents=None, guardian_consent=None)
        if self.instance.pk:
            waiting = waiting | field.queryset.filter(pk=self.instance.user_id)
        field.queryset = waiting.distinct()


class GuardianConsentViewSet(SnippetViewSet):
    """Staff record a parent's or guardian's consent for a child under 14 (the child cannot
    sign up alone). Needs the model's permissions (superusers have them)."""

    model = GuardianConsent
    icon = "user"
    menu_label = _("Guardians' consents")
    menu_order = 910
    add_to_settings_menu = True
    list_display = ["user", "guardian_name", "relationship", "recorded_by", "recorded_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("guardian_name"),
            FieldPanel("relationship"),
            FieldPanel("guardian_phone"),
        ],
        base_form_class=GuardianConsentForm,
    )


register_snippet(PrivacyNoticeViewSet)
register_snippet(GuardianConsentViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_who_recorded_guardian_consent(request, instance):
    if isinstance(instance, GuardianConsent):
        services.record_guardian_consent(
            request.user,
            instance.user,
            instance.guardian_name,
            instance.relationship,
            instance.guardian_phone,
        )
