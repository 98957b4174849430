from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

UNDER_14 = _(
    "You must be 14 or older to sign up yourself. A child under 14 is registered by "
    "community staff with a parent's or guardian's consent: please come to your "
    "residents' committee together with a parent or guardian."
)


def _notice_link(text):
    return format_html('<a href="{}">{}</a>', reverse_lazy("privacy:notice"), text)


notice_link = lazy(_notice_link, str)


def age_field():
    return forms.BooleanField(
        label=_("I am 14 or older"),
        help_text=_(
            "Under 14? Community staff register you, with a parent's or guardian's consent."
        ),
        error_messages={"required": UNDER_14},
    )


def privacy_field():
    return forms.BooleanField(
        label=_("I have read and agree to the privacy notice"),
        help_text=notice_link(_("Read the privacy notice")),
        error_messages={
            "required": _("To sign up, please read the privacy notice and tick to agree.")
        },
    )


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read and agree to this privacy notice"),
        error_messages={"required": _("Tick the box to agree, or sign out.")},
    )


class SensitiveConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I agree to this use of my sensitive personal information"),
        error_messages={
            "required": _("Tick the box to agree, or go back: nothing is recorded without it.")
        },
    )
