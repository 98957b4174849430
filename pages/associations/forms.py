"""The associations' forms: they validate; ``services`` writes what they cleaned."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AssociationPage, Attachment, Meeting, Membership, Minutes
from .uploads import clean_document, clean_photo


class AssociationForm(forms.ModelForm):
    """What a leader keeps up to date on the association's page."""

    class Meta:
        model = AssociationPage
        fields = [
            "introduction",
            "address",
            "location_description",
            "meeting_schedule",
            "contact_phone",
        ]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class LeaderForm(forms.ModelForm):
    """Community staff appoint a member as leader (with a title) or make them a member again."""

    class Meta:
        model = Membership
        fields = ["role", "title"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "topic"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return starts_at


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``cleaner`` (see ``uploads``)."""

    def __init__(self, cleaner, accept, **kwargs):
        self.cleaner = cleaner
        kwargs.setdefault("required", False)
        super().__init__(widget=MultipleFileInput(attrs={"accept": accept}), **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        errors, files = [], []
        for upload in uploads:
            try:
                files.append(self.cleaner(super().clean(upload, initial)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class MinutesForm(forms.ModelForm):
    photos = MultipleFileField(
        clean_photo,
        "image/jpeg,image/png,image/webp",
        label=_("Photos"),
        help_text=_("For example the signed attendance sheet. JPEG, PNG or WebP, up to 8 MB each."),
    )
    documents = MultipleFileField(
        clean_document,
        ".pdf,.docx,.xlsx",
        label=_("Documents"),
        help_text=_("PDF, Word or Excel, up to 8 MB each."),
    )
    remove_files = forms.ModelMultipleChoiceField(
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Remove these files"),
    )

    class Meta:
        model = Minutes
        fields = [
            "title",
            "held_on",
            "place",
            "attendance",
            "attendees",
            "agenda",
            "discussion",
            "matters",
            "visibility",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "attendees": forms.CheckboxSelectMultiple,
            "matters": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "discussion": forms.Textarea(attrs={"rows": 8}),
            "visibility": forms.RadioSelect,
        }

    MEETING_FIELDS = [
        "title",
        "held_on",
        "place",
        "attendance",
        "attendees",
        "agenda",
        "discussion",
    ]

    def __init__(self, *args, association, **kwargs):
        from governance.models import Matter

        super().__init__(*args, **kwargs)
        self.association = association
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(
                association_memberships__association=association,
                association_memberships__status=Membership.Status.ACTIVE,
            )
            .order_by("display_name")
        )
        self.fields["attendees"].label_from_instance = lambda user: user.public_name
        self.fields["matters"].queryset = Matter.objects.filter(
            community=association.community_id,
            state__in=[Matter.State.ACCEPTED, Matter.State.MERGED],
        ).order_by("-created_at")
        if self.instance.pk:
            self.fields["remove_files"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_files"]

    def meeting_fields(self):
        """The fields shown before decisions and actions; ``record_fields`` come after."""
        return [self[name] for name in self.MEETING_FIELDS]

    def record_fields(self):
        return [self[name] for name in self.fields if name not in self.MEETING_FIELDS]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=300, required=False)
    votes_for = forms.IntegerField(
        label=pgettext_lazy("vote choice", "For"), min_value=0, initial=0, required=False
    )
    votes_against = forms.IntegerField(
        label=pgettext_lazy("vote choice", "Against"), min_value=0, initial=0, required=False
    )
    votes_abstain = forms.IntegerField(
        label=pgettext_lazy("vote choice", "Abstain"), min_value=0, initial=0, required=False
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("votes_for", "votes_against", "votes_abstain"):
            cleaned[name] = cleaned.get(name) or 0
        return cleaned


class ActionForm(forms.Form):
    text = forms.CharField(label=_("What is to be done"), max_length=300, required=False)
    owner = forms.CharField(label=_("Who will do it"), max_length=60, required=False)
    due_on = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


# Rows are replaced as a whole on every save (a row whose text is cleared is dropped, see
# ``services.save_minutes``), so saving the same form twice, as autosave does, duplicates nothing.
DecisionFormSet = forms.formset_factory(DecisionForm, extra=2)
ActionFormSet = forms.formset_factory(ActionForm, extra=2)


class MinutesEditor:
    """The minutes form with its decisions and actions, validated together."""

    def __init__(self, association, minutes=None, data=None, files=None):
        self.form = MinutesForm(data, files, instance=minutes, association=association)
        self.decisions = DecisionFormSet(
            data, prefix="decisions", initial=self._rows(data, minutes, "decisions", DecisionForm)
        )
        self.actions = ActionFormSet(
            data, prefix="actions", initial=self._rows(data, minutes, "actions", ActionForm)
        )

    @staticmethod
    def _rows(data, minutes, relation, form_class):
        # Posted rows stand on their own: autosave posts a page whose rows may be saved already.
        if data is not None or minutes is None:
            return None
        return list(getattr(minutes, relation).values(*form_class.base_fields))

    def is_valid(self):
        return all([self.form.is_valid(), self.decisions.is_valid(), self.actions.is_valid()])

    def errors(self):
        errors = {name: list(messages) for name, messages in self.form.errors.items()}
        for prefix, formset in (("decisions", self.decisions), ("actions", self.actions)):
            for index, form_errors in enumerate(formset.errors):
                for name, messages in form_errors.items():
                    errors[f"{prefix}-{index}-{name}"] = list(messages)
        return errors

    def cleaned(self):
        """What ``services.save_minutes`` takes, once ``is_valid()``: the minutes' fields,
        the decisions and actions worth keeping (a row whose text is empty is dropped) and
        the checked files."""
        data = self.form.cleaned_data
        return {
            "fields": {
                name: data[name]
                for name in self.form.Meta.fields
                if name not in ("attendees", "matters")
            },
            "attendees": data["attendees"],
            "matters": data["matters"],
            "decisions": self._kept_rows(self.decisions),
            "actions": self._kept_rows(self.actions),
            "photos": data["photos"],
            "documents": data["documents"],
            "remove_files": data.get("remove_files", []),
        }

    @staticmethod
    def _kept_rows(formset):
        return [form.cleaned_data for form in formset if form.cleaned_data.get("text", "").strip()]
