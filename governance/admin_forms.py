"""Wagtail admin forms for sessions and matters: nobody moves them into another community."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from portal.boundary import within


class SessionPageForm(WagtailAdminPageForm):
    """Staff choose only their own community for a session; superusers choose any
    (``portal.boundary``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("community")
        user = self.for_user
        if field is None or user is None:
            return
        field.queryset = within(field.queryset, user)
        field.error_messages["invalid_choice"] = _(
            "You may only run sessions of your own community."
        )
        if not self.instance.community_id:
            field.initial = user.community_id


class MatterAdminForm(WagtailAdminModelForm):
    """A matter's session and the matter it merges into stay within its community."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        community = self.instance.community_id
        if "session" in self.fields:
            self.fields["session"].queryset = self.fields["session"].queryset.filter(
                community=community
            )
        if "merged_into" in self.fields:
            self.fields["merged_into"].queryset = (
                self.fields["merged_into"]
                .queryset.filter(community=community)
                .exclude(pk=self.instance.pk)
            )
