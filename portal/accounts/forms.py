from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Community, User
from portal.privacy import forms as privacy_forms
from portal.privacy import services as privacy


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form: how others see you, where you live, that you
    are 14 or older (younger children are registered by staff with a guardian's consent),
    and that you agree to the privacy notice in force (recorded with its version)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=30,
        help_text=_("The name other residents see. At most 30 characters."),
    )
    community = forms.ModelChoiceField(
        label=_("Your community"),
        queryset=Community.objects.all(),
        required=False,
        empty_label=_("Choose later"),
    )

    age_confirmed = privacy_forms.age_field()
    privacy_consent = privacy_forms.privacy_field()
    # allauth's sign-up form orders its fields by this: the two ticks come last.
    field_order = [
        "phone",
        "email",
        "display_name",
        "community",
        "password1",
        "password2",
        "age_confirmed",
        "privacy_consent",
    ]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.community = self.cleaned_data["community"]
        user.save(update_fields=["display_name", "community"])
        privacy.record_consent(user, request=request)


class ProfileForm(forms.ModelForm):
    """Name and e-mail. The community is not here: moving goes through staff
    (``portal.moves``). A field left out of the post keeps its value; the name is required."""

    class Meta:
        model = User
        fields = ["display_name", "email"]
        help_texts = {"email": _("Optional. Used only for notifications.")}
        error_messages = {
            "display_name": {"required": _("Enter the name other residents see.")},
        }

    def __init__(self, data=None, *args, instance, **kwargs):
        if data is not None:
            data = data.copy()
            for name in self._meta.fields:
                if name not in data:
                    data[name] = getattr(instance, name) or ""
        super().__init__(data, *args, instance=instance, **kwargs)
        self.fields["display_name"].required = True
