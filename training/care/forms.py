from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import uploads
from portal.models import User

from .models import Booking, CheckupDay, HelpRequest


def clean_upload(upload):
    """A photo of a paper (re-encoded, no GPS) or a PDF, Word or Excel file."""
    if uploads.document_type(upload) is not None:
        return uploads.clean_document(upload)
    try:
        return uploads.clean_photo(upload)
    except ValidationError:
        raise ValidationError(
            _("Send a photo (JPEG, PNG, WebP) or a PDF, Word or Excel file.")
        ) from None


class DayForm(forms.ModelForm):
    class Meta:
        model = CheckupDay
        fields = [
            "date",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "who_may_come",
            "what_to_bring",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date <= timezone.localdate():
            raise ValidationError(_("Choose a day after today."))
        return date


class BookForm(forms.Form):
    remind_by_sms = forms.BooleanField(
        label=_("Also remind me by SMS the day before (otherwise only on this site)"),
        required=False,
    )


class HelpRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What help do you need?"), choices=HelpRequest.Kind.choices)
    description = forms.CharField(
        label=_("Your situation, in a few words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document = forms.FileField(
        label=_("A document or a photo of one (optional)"),
        required=False,
        help_text=_("Only you and the staff handling your request can open it."),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        return clean_upload(upload) if upload else None


class StaffHelpRequestForm(HelpRequestForm):
    phone = forms.CharField(label=_("The resident's mobile number"), max_length=20)
    agreed = forms.BooleanField(
        label=_(
            "The resident agreed, here and now, to the use of this information "
            "as the consent page explains"
        ),
    )

    field_order = ["phone", "agreed", "kind", "description", "document"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data["phone"] if ch.isdigit() or ch == "+")
        if not phone.startswith("+"):
            phone = f"+86{phone}"
        person = User.objects.filter(phone=phone, is_active=True).first()
        if person is None or not self.staff.has_perm("care.file_for_resident", person):
            raise ValidationError(_("No resident of your community has this number."))
        self.person = person
        return phone


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("A document or a photo of one"))

    def clean_document(self):
        return clean_upload(self.cleaned_data["document"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in HelpRequest.Status.choices if c[0] != HelpRequest.Status.RECEIVED],
    )
    note = forms.CharField(
        label=_("Note to the person (a reason is needed to decline)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", pgettext_lazy("check-up attendance", "Came")), ("0", _("Did not come"))],
        coerce=lambda value: value == "1",
    )


class NoticeForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))
    sent_by = forms.ChoiceField(
        label=pgettext_lazy("how a notice was sent", "How"), choices=Booking.NoticeSentBy.choices
    )

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return sent_on
