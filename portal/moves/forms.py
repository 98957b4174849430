from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Community


class MoveRequestForm(forms.Form):
    to_community = forms.ModelChoiceField(
        label=_("I now live in"),
        queryset=Community.objects.all(),
        empty_label=_("Choose a community"),
        error_messages={"required": _("Choose the community you now live in.")},
    )
    reason = forms.CharField(
        label=_("Why are you moving?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the address of your new room. Staff of that community read it."),
        error_messages={"required": _("Tell the staff briefly why you are moving.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.community_id:
            self.fields["to_community"].queryset = Community.objects.exclude(pk=user.community_id)
