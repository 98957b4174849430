from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from portal import uploads
from portal.models import Community

from . import phases
from .models import Ballot, FollowUp, Matter, SessionPage, Tally

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class MatterForm(forms.ModelForm):
    class Meta:
        model = Matter
        fields = ["title", "description", "category", "photo"]
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }
        # A plain file field: the portal's pipeline (not Django's ImageField, which decodes
        # the image first) recognises, measures and cleans the photo.
        field_classes = {"photo": forms.FileField}

    def __init__(self, *args, session=None, author=None, **kwargs):
        """The form validates the matter; ``services.submit_matter`` checks the limit."""
        super().__init__(*args, **kwargs)
        self.session, self.author = session, author

    def clean_photo(self):
        """A new photo comes back upright, at most 1600 px, re-encoded without its EXIF
        (a phone's GPS position, camera, time), under a safe name."""
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):
            return photo
        return uploads.clean_photo(photo, max_bytes=PHOTO_MAX_BYTES).content

    def save(self, commit=True):
        matter = super().save(commit=False)
        matter.session, matter.author = self.session, self.author
        matter.community_id = self.session.community_id
        if commit:
            matter.save()
        return matter


class SuggestionForm(forms.ModelForm):
    """The suggestion box: no account needed, no photo; staff read it before anyone else."""

    community = forms.ModelChoiceField(Community.objects.all(), label=_("Community"))

    class Meta:
        model = Matter
        fields = ["community", "title", "description", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communities = self.fields["community"].queryset
        if communities.count() == 1:
            self.fields["community"].initial = communities.get()
            self.fields["community"].widget = forms.HiddenInput()

    def save(self, commit=True):
        matter = super().save(commit=False)
        matter.from_suggestion_box = True
        if commit:
            matter.save()
        return matter


class TriageForm(forms.Form):
    ACCEPT, MERGE, DECLINE = "accept", "merge", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (ACCEPT, _("Accept into a session")),
            (MERGE, _("Merge into a matter that says the same")),
            (DECLINE, _("Decline, with a reason")),
        ],
    )
    session = forms.ModelChoiceField(SessionPage.objects.none(), label=_("Session"), required=False)
    merge_into = forms.ModelChoiceField(
        Matter.objects.none(), label=_("Same as matter"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea, required=False, max_length=1000
    )

    def __init__(self, *args, matter, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = SessionPage.objects.live().filter(community=matter.community_id)
        open_ids = [s.pk for s in sessions if s.allows(phases.ACCEPT)]
        self.fields["session"].queryset = sessions.filter(pk__in=open_ids)
        self.fields["session"].initial = (
            matter.session_id if matter.session_id in open_ids else None
        )
        self.fields["merge_into"].queryset = Matter.objects.filter(
            community=matter.community_id, state=Matter.State.ACCEPTED
        ).exclude(pk=matter.pk)

    def clean(self):
        cleaned = super().clean()
        needed = {self.ACCEPT: "session", self.MERGE: "merge_into", self.DECLINE: "reason"}
        field = needed.get(cleaned.get("decision"))
        if field and not cleaned.get(field):
            self.add_error(field, _("Please fill this in for the decision you chose."))
        return cleaned


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Ballot.Choice.choices, widget=forms.RadioSelect
    )


class HandsForm(forms.ModelForm):
    class Meta:
        model = Tally
        fields = ["hands_for", "hands_against", "hands_abstain"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.widget.attrs["inputmode"] = "numeric"


class FollowUpForm(forms.ModelForm):
    response = forms.CharField(
        label=_("Official response"), widget=forms.Textarea, required=False, max_length=3000
    )

    class Meta:
        model = FollowUp
        fields = ["response", "status", "note"]


class EndPhaseForm(forms.Form):
    reason = forms.CharField(label=_("Why end this phase now?"), max_length=300)
