from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: my account and my personal data are erased for good."),
        error_messages={"required": _("Tick the box to confirm that you want to delete it.")},
    )
    remove_unanswered_comments = forms.BooleanField(
        label=_("Also remove my comments that nobody has replied to."),
        required=False,
        help_text=_(
            "Comments with replies stay, shown as by “a former resident”, so that the "
            "replies still make sense."
        ),
    )
