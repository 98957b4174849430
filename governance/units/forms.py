"""The units' forms: they validate; ``services`` writes what they cleaned."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Matter
from portal.boundary import within
from portal.templatetags.portal_tags import mark_lang
from portal.uploads import clean_photo

from .models import Agreement, Body, JointMeeting, Unit, UnitKind


def _people(community):
    users = get_user_model().objects.filter(community=community).order_by("display_name")
    return users


class UnitForm(forms.ModelForm):
    """Staff add a unit or change everything about it."""

    class Meta:
        model = Unit
        fields = ["name", "kind", "address", "lead", "lead_name", "lead_phone", "people"]

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["lead"].queryset = _people(community)
        self.fields["lead"].label_from_instance = lambda user: user.public_name

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Unit.objects.filter(community=self.community, name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This community already has a unit of that name."))
        return name


class ContactsForm(forms.ModelForm):
    """What a unit's lead keeps up to date."""

    class Meta:
        model = Unit
        fields = ["address", "lead_name", "lead_phone", "people"]


class CoordinatorForm(forms.Form):
    name = forms.CharField(label=_("Coordinator's name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Coordinator's phone"), max_length=20, required=False)

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        if community is not None:  # staff only: a lead never sees the community's accounts
            self.fields["user"] = forms.ModelChoiceField(
                label=_("Coordinator's account"),
                queryset=_people(community),
                required=False,
                help_text=_("If they have signed up: they then see the unit's page."),
            )
            self.fields["user"].label_from_instance = lambda user: mark_lang(user.public_name)


CoordinatorFormSet = forms.formset_factory(CoordinatorForm, extra=2)


def coordinator_formset(unit, data=None, *, community=None):
    """The coordinators' rows; with ``community`` (staff), each may name an account."""
    initial = None
    if data is None and unit is not None and unit.pk:
        initial = list(unit.coordinators.values("name", "phone", "user"))
    return CoordinatorFormSet(
        data, prefix="coordinators", initial=initial, form_kwargs={"community": community}
    )


def kept_coordinators(formset, unit):
    """The coordinator rows with a name. Rows from a form without the account field keep
    the account already linked to that name."""
    linked = {}
    if unit is not None and unit.pk:
        linked = {c.name: c.user for c in unit.coordinators.select_related("user") if c.user}
    rows = []
    for row in (form.cleaned_data for form in formset):
        name = row.get("name", "").strip()
        if not name:
            continue
        user = row["user"] if "user" in row else linked.get(name)
        rows.append({"name": name, "phone": row.get("phone", "").strip(), "user": user})
    return rows


class SignedForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        help_text=_("Who signed for each party."),
    )
    photo = forms.FileField(
        label=_("Photo of the signed page"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A photo, up to 8 MB. Only staff and the unit's lead see it."),
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("The signing date cannot be in the future."))
        return signed_on

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None


class RenewForm(forms.Form):
    starts_on = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("In force until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise forms.ValidationError(_("The end date must be after the start date."))
        return cleaned


class MeetingForm(forms.ModelForm):
    class Meta:
        model = JointMeeting
        fields = ["title", "held_on", "place", "discussion", "units", "agreements", "matters"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "discussion": forms.Textarea(attrs={"rows": 6}),
            "units": forms.CheckboxSelectMultiple,
            "agreements": forms.CheckboxSelectMultiple,
            "matters": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.within(user).order_by("kind", "name")
        self.fields["agreements"].queryset = Agreement.objects.within(user).select_related("signed")
        self.fields["units"].label_from_instance = lambda unit: mark_lang(unit.name)
        self.fields["agreements"].label_from_instance = lambda a: mark_lang(a.title)
        self.fields["matters"].label_from_instance = lambda matter: mark_lang(matter.title)
        self.fields["matters"].queryset = (
            within(Matter.objects.all(), user)
            .filter(state__in=[Matter.State.ACCEPTED, Matter.State.MERGED])
            .order_by("-created_at")[:30]
        )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Record a meeting once it has been held."))
        return held_on


class AttendanceForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=[("", "—"), *Body.choices], required=False)
    represented_by = forms.CharField(label=_("Who came"), max_length=200, required=False)
    people = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=500, required=False
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=300, required=False)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("What is to be done"), max_length=300, required=False)
    owner = forms.CharField(label=_("Who will do it"), max_length=60, required=False)
    due_on = forms.DateField(
        label=_("By when"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MeetingEditor:
    """The meeting form with its attendance, decisions and follow-up rows, validated together."""

    ROWS = (
        ("attendance", AttendanceForm, "body", 4),
        ("decisions", DecisionForm, "text", 2),
        ("follow_ups", FollowUpForm, "text", 2),
    )

    def __init__(self, user, meeting=None, data=None):
        self.form = MeetingForm(data, instance=meeting, user=user)
        self.formsets = {}
        for prefix, form_class, _key, extra in self.ROWS:
            formset_class = forms.formset_factory(form_class, extra=extra)
            initial = None
            if data is None and meeting is not None:
                initial = list(getattr(meeting, prefix).values(*form_class.base_fields))
            self.formsets[prefix] = formset_class(data, prefix=prefix, initial=initial)

    @property
    def attendance(self):
        return self.formsets["attendance"]

    @property
    def decisions(self):
        return self.formsets["decisions"]

    @property
    def follow_ups(self):
        return self.formsets["follow_ups"]

    def is_valid(self):
        return all([self.form.is_valid(), *(f.is_valid() for f in self.formsets.values())])

    def cleaned(self):
        data = self.form.cleaned_data
        rows = {}
        for prefix, _form_class, key, _extra in self.ROWS:
            kept = [f.cleaned_data for f in self.formsets[prefix] if f.cleaned_data.get(key)]
            if prefix == "attendance":
                for row in kept:
                    row["people"] = row.get("people") or 1
            rows[prefix] = kept
        return {
            "fields": {name: data[name] for name in ("title", "held_on", "place", "discussion")},
            "units": data["units"],
            "agreements": data["agreements"],
            "matters": data["matters"],
            **rows,
        }


class NoticeForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("All units of these kinds"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("And these units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Notice"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["units"].queryset = Unit.objects.within(user).order_by("kind", "name")
        self.fields["units"].label_from_instance = lambda unit: mark_lang(unit.name)

    def clean(self):
        cleaned = super().clean()
        kinds = cleaned.get("kinds") or []
        chosen = {unit.pk: unit for unit in cleaned.get("units") or []}
        for unit in Unit.objects.within(self.user).filter(kind__in=kinds):
            chosen.setdefault(unit.pk, unit)
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose at least one kind of unit or one unit."))
        cleaned["recipients"] = list(chosen.values())
        return cleaned
