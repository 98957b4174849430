from functools import partial

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .associations import (
    Action,
    AssociationPage,
    Attachment,
    Decision,
    Meeting,
    Membership,
    Minutes,
    MinutesRevision,
)
from .associations_uploads import clean_document, clean_photo


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

    def save(self, user):
        page = super().save(commit=False)
        # The view asked ``pages.change_associationpage``; leaders have no Wagtail page permissions.
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
        return page


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
    """Several files in one input; each is checked by ``cleaner`` (see associations_uploads)."""

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


# Rows are replaced as a whole on every save (a row whose text is cleared is dropped), so
# saving the same form twice, as autosave does, never duplicates anything.
DecisionFormSet = forms.formset_factory(DecisionForm, extra=2)
ActionFormSet = forms.formset_factory(ActionForm, extra=2)


class MinutesEditor:
    """The minutes form with its decisions and actions; saves all or nothing."""

    def __init__(self, association, user, minutes=None, data=None, files=None):
        self.association = association
        self.user = user
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

    @transaction.atomic
    def save(self, publish=False):
        """Save everything; a published record gets a history entry for what changed."""
        minutes = self.form.instance
        before = None
        if minutes.pk:
            minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
            self.form.instance.status = minutes.status
            self.form.instance.published_at = minutes.published_at
            if minutes.is_published:
                before = minutes.snapshot()
        minutes = self.form.save(commit=False)
        minutes.association = self.association
        if minutes.created_by_id is None:
            minutes.created_by = self.user
        newly_published = publish and not minutes.is_published
        if newly_published:
            minutes.status = Minutes.Status.PUBLISHED
            minutes.published_at = timezone.now()
        minutes.save()
        self.form.save_m2m()
        self._replace(minutes.decisions, Decision, self.decisions)
        self._replace(minutes.actions, Action, self.actions)
        for attachment in self.form.cleaned_data.get("remove_files", []):
            attachment.delete()
            transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
        for kind, field in (
            (Attachment.Kind.PHOTO, "photos"),
            (Attachment.Kind.DOCUMENT, "documents"),
        ):
            for clean in self.form.cleaned_data[field]:
                Attachment.objects.create(
                    minutes=minutes,
                    kind=kind,
                    file=clean.content,
                    name=clean.name,
                    content_type=clean.content_type,
                    uploaded_by=self.user,
                )
        if newly_published:
            MinutesRevision.objects.create(minutes=minutes, edited_by=self.user, published=True)
        elif before is not None:
            after = minutes.snapshot()
            changes = [
                {"field": label, "before": before[label], "after": after[label]}
                for label in after
                if before.get(label) != after[label]
            ]
            if changes:
                MinutesRevision.objects.create(
                    minutes=minutes, edited_by=self.user, changes=changes
                )
        return minutes, newly_published

    @staticmethod
    def _replace(manager, model, formset):
        manager.all().delete()
        rows = [form.cleaned_data for form in formset if form.cleaned_data.get("text", "").strip()]
        model.objects.bulk_create(
            model(minutes=manager.instance, position=position, **row)
            for position, row in enumerate(rows)
        )
