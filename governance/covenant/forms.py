from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from governance.models import Matter
from portal.boundary import within

from .models import CovenantPage


class CovenantVersionForm(WagtailAdminModelForm):
    """Staff edit a draft's text, open it for consultation, and publish it.

    Once residents can read a version (consultation opened, or published) its text
    is frozen: a revision is a new draft started from it.
    """

    publish = forms.BooleanField(
        label=_("Publish this version"),
        required=False,
        help_text=_(
            "It comes into force on its date and can no longer be changed. Residents who "
            "adopted an earlier version are invited to read the changes and adopt it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None:
            self.fields["covenant"].queryset = within(CovenantPage.objects.all(), user)
            self.fields["carries_out"].queryset = Matter.objects.within(user).filter(
                state=Matter.State.ACCEPTED
            )
        if self.instance.pk:
            self.fields["covenant"].disabled = True
        if self.instance.published_at:
            self.fields["publish"].initial = True
            self.fields["publish"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.is_frozen and (
            "preamble" in self.changed_data or self.formsets["clauses"].has_changed()
        ):
            raise ValidationError(
                _(
                    "Residents have already read this text, so it can no longer change. "
                    "Start a new draft from this version instead."
                )
            )
        opens, closes = cleaned.get("consultation_opens"), cleaned.get("consultation_closes")
        if opens and (not closes or closes <= opens):
            self.add_error("consultation_closes", _("The consultation must close after it opens."))
        if cleaned.get("publish") and not self.instance.published_at:
            for name in ("effective_date", "summary"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed to publish the version."))
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("publish") and not self.instance.published_at:
            self.instance.published_at = timezone.now()
        return super().save(commit)


class AmendmentForm(forms.Form):
    title = forms.CharField(
        label=_("What should change?"),
        max_length=120,
        help_text=_("In one line, e.g. “Quiet hours should start at 22:00”."),
    )
    description = forms.CharField(
        label=_("Why, and how should the clause read?"), max_length=3000, widget=forms.Textarea
    )
