"""The units' pages and actions: HTTP in and out.

Each view loads what it acts on through the community boundary and asks its permission
(``portal.access``, ``rules``); writes go through ``services``."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.covenant.diff import mark_changes
from portal.access import acts_on, requires
from portal.uploads import file_response

from . import services
from .forms import (
    ContactsForm,
    MeetingEditor,
    NoticeForm,
    RenewForm,
    SignedForm,
    UnitForm,
    coordinator_formset,
    kept_coordinators,
)
from .models import (
    Agreement,
    AgreementStatus,
    FollowUp,
    JointMeeting,
    Unit,
    UnitKind,
    UnitNotice,
)


def _units(request):
    """Staff see their community's units; a lead, through the permission, their own."""
    return Unit.objects.within(request.user).select_related("lead", "association")


def _agreements(request):
    """Signed summaries are public: any community's agreement may be looked up, and
    ``units.view_agreement`` then decides (drafts: staff of its community, its unit)."""
    return Agreement.objects.select_related("unit", "community", "signed", "previous")


def _meetings(request):
    return JointMeeting.objects.within(request.user)


def _notices(request):
    return UnitNotice.objects.within(request.user)


def _home_community(request):
    """The community a staff member adds units, meetings and notices to: their own."""
    return request.user.community


# Units


@login_required
def unit_list(request):
    """Staff: the community's register of units, by kind. A lead: the units they lead."""
    staff = request.user.has_perm("units.review_units")
    if staff:
        units = _units(request)
        kind = request.GET.get("kind", "")
        if kind in UnitKind.values:
            units = units.filter(kind=kind)
        else:
            kind = ""
    else:
        units, kind = Unit.objects.led_by(request.user).select_related("lead"), ""
        if len(units) == 1:
            return redirect(units[0])
    context = {"units": units, "staff": staff, "kinds": UnitKind.choices, "kind": kind}
    return render(request, "units/unit_list.html", context)


@requires("units.add_unit")
def unit_create(request):
    unit = Unit()
    unit.community = _home_community(request)
    return _edit_unit(request, unit)


@acts_on(_units, "units.change_unit")
def unit_edit(request, unit):
    return _edit_unit(request, unit)


def _edit_unit(request, unit):
    if unit.community_id is None:
        raise Http404(_("Staff without a community cannot add units."))
    data = request.POST if request.method == "POST" else None
    form = UnitForm(data, instance=unit, community=unit.community)
    coordinators = coordinator_formset(unit, data, community=unit.community)
    if data is not None and form.is_valid() and coordinators.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        unit = services.save_unit(
            unit,
            request.user,
            fields=fields,
            coordinators=kept_coordinators(coordinators, unit),
        )
        messages.success(request, _("The unit was saved."))
        return redirect(unit)
    context = {"unit": unit, "form": form, "coordinators": coordinators}
    return render(request, "units/unit_form.html", context)


@acts_on(_units, "units.view_unit")
def unit_detail(request, unit):
    user = request.user
    agreements = unit.agreements.select_related("signed").order_by("-starts_on")
    context = {
        "unit": unit,
        "agreements": agreements,
        "notices": unit.notices.order_by("-sent_at")[:10],
        "meetings": unit.meetings.order_by("-held_on")[:5],
        "coordinators": unit.coordinators.all(),
        "can_edit": user.has_perm("units.change_unit", unit),
        "can_edit_contacts": user.has_perm("units.edit_contacts_unit", unit),
    }
    return render(request, "units/unit_detail.html", context)


@acts_on(_units, "units.edit_contacts_unit")
def unit_contacts(request, unit):
    """The unit's lead (or staff) keeps its contact details and coordinators up to date."""
    data = request.POST if request.method == "POST" else None
    form = ContactsForm(data, instance=unit)
    coordinators = coordinator_formset(unit, data)
    if data is not None and form.is_valid() and coordinators.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.save_unit(
            unit, request.user, fields=fields, coordinators=kept_coordinators(coordinators, unit)
        )
        messages.success(request, _("The contact details were saved."))
        return redirect(unit)
    context = {"unit": unit, "form": form, "coordinators": coordinators}
    return render(request, "units/unit_contacts.html", context)


# Agreements


@requires("units.review_units")
def agreement_list(request):
    agreements = Agreement.objects.within(request.user).select_related("unit", "signed")
    status = request.GET.get("status", "")
    if status in AgreementStatus.values:
        agreements = agreements.with_status(status)
    else:
        status = ""
    context = {
        "agreements": agreements.order_by("ends_on", "pk"),
        "statuses": AgreementStatus.choices,
        "status": status,
    }
    return render(request, "units/agreement_list.html", context)


@acts_on(_agreements)
def agreement_detail(request, agreement):
    """The agreement's summary: public once signed (its printed QR code leads here)."""
    user = request.user
    signature = None
    if user.is_authenticated and agreement.is_for_workers:
        signature = agreement.worker_signatures.filter(user=user).first()
    context = {
        "agreement": agreement,
        "duties": agreement.numbered_duties,
        "signature": signature,
        "can_sign": signature is None and user.has_perm("units.sign_agreement", agreement),
        "can_manage": user.has_perm("units.manage_agreement", agreement),
        "can_see_record": user.has_perm("units.view_signed_record", agreement),
        "signature_count": agreement.worker_signatures.count() if agreement.is_for_workers else 0,
        "renew_form": RenewForm(
            initial={
                "starts_on": agreement.ends_on + timedelta(days=1),
                "ends_on": agreement.ends_on
                + (agreement.ends_on - agreement.starts_on)
                + timedelta(days=1),
            }
        ),
    }
    return render(request, "units/agreement_detail.html", context)


@acts_on(_agreements)
def agreement_print(request, agreement):
    context = {
        "agreement": agreement,
        "duties": agreement.numbered_duties,
        "sheet_url": agreement.get_absolute_url(),
    }
    return render(request, "units/agreement_print.html", context)


def _may_not_sign(request, agreement):
    if agreement.worker_signatures.filter(user=request.user).exists():
        messages.info(request, _("You have already signed this agreement."))
    elif not agreement.is_for_workers:
        messages.error(request, _("This agreement is signed on paper by its two parties."))
    elif not agreement.is_current:
        messages.error(request, _("Only an agreement in force can be signed."))
    else:
        messages.error(request, _("Only residents of this community can sign its agreements."))
    return redirect(agreement)


@require_POST
@login_required
@acts_on(_agreements, "units.sign_agreement", refused=_may_not_sign)
def agreement_sign(request, agreement):
    try:
        services.sign_as_worker(agreement, request.user)
    except services.Refused as refusal:
        messages.info(request, str(refusal))
    else:
        messages.success(request, _("Thank you: you signed the agreement."))
    return redirect(agreement)


@acts_on(_agreements, "units.manage_agreement", hide=True)
def agreement_signed(request, agreement):
    """Staff record that the paper agreement was signed, with a photo of it."""
    record = agreement.signed_record
    initial = {"signed_on": record.signed_on, "signed_by": record.signed_by} if record else None
    form = SignedForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_signed(
            agreement,
            request.user,
            signed_on=form.cleaned_data["signed_on"],
            signed_by=form.cleaned_data["signed_by"],
            photo=form.cleaned_data["photo"],
        )
        messages.success(request, _("The signing was recorded."))
        return redirect(agreement)
    return render(request, "units/agreement_signed.html", {"agreement": agreement, "form": form})


@acts_on(_agreements, "units.view_signed_record", hide=True)
def signed_photo(request, agreement):
    record = agreement.signed_record
    if record is None or not record.photo:
        raise Http404(_("No photo of the signed agreement."))
    return file_response(record.photo)


@acts_on(_agreements, "units.manage_agreement", hide=True)
def worker_signatures(request, agreement):
    signatures = services.read_worker_signatures(agreement, request.user)
    return render(
        request,
        "units/worker_signatures.html",
        {"agreement": agreement, "signatures": signatures},
    )


@require_POST
@acts_on(_agreements, "units.manage_agreement", hide=True)
def agreement_renew(request, agreement):
    form = RenewForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or [_("Check the dates.")]:
            messages.error(request, error)
        return redirect(agreement)
    renewal = services.renew(agreement, request.user, **form.cleaned_data)
    messages.success(
        request,
        _(
            "A renewal was drafted with the same duties. Change them in the admin if needed, "
            "then record its signing."
        ),
    )
    return redirect("units:agreement_compare", renewal.pk)


@require_POST
@acts_on(_agreements, "units.manage_agreement", hide=True)
def agreement_end(request, agreement):
    try:
        services.end_agreement(agreement, request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The agreement was ended."))
    return redirect(agreement)


@acts_on(_agreements)
def agreement_compare(request, agreement):
    """A renewal's duties against the agreement it renews, like the covenant's comparison."""
    old = agreement.previous
    if old is None or not request.user.has_perm("units.view_agreement", old):
        raise Http404(_("This agreement does not renew an earlier one."))
    old_duties = {duty.key: duty for duty in old.numbered_duties}
    new_duties = agreement.numbered_duties
    rows = []
    for duty in new_duties:
        before = old_duties.pop(duty.key, None)
        if before is None:
            rows.append({"number": duty.number, "added": True, "html": duty.text})
        elif before.text != duty.text:
            rows.append(
                {
                    "number": duty.number,
                    "changed": True,
                    "html": mark_changes(before.text, duty.text),
                }
            )
        else:
            rows.append({"number": duty.number, "html": duty.text, "same": True})
    removed = [{"number": d.number, "removed": True, "html": d.text} for d in old_duties.values()]
    context = {
        "agreement": agreement,
        "old": old,
        "rows": rows + removed,
        "change_count": sum(1 for row in rows + removed if not row.get("same")),
        "can_manage": request.user.has_perm("units.manage_agreement", agreement),
    }
    return render(request, "units/agreement_compare.html", context)


# Joint meetings


@requires("units.review_units")
def meeting_list(request):
    meetings = _meetings(request).prefetch_related("follow_ups")
    open_follow_ups = (
        FollowUp.objects.within(request.user)
        .filter(done_on__isnull=True)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    context = {
        "meetings": meetings,
        "follow_ups": open_follow_ups,
        "today": timezone.localdate(),
    }
    return render(request, "units/meeting_list.html", context)


@requires("units.add_jointmeeting")
def meeting_create(request):
    if request.user.community_id is None:
        raise Http404(_("Staff without a community cannot record meetings."))
    return _edit_meeting(request, None)


@acts_on(_meetings, "units.add_jointmeeting")
def meeting_edit(request, meeting):
    return _edit_meeting(request, meeting)


def _edit_meeting(request, meeting):
    data = request.POST if request.method == "POST" else None
    editor = MeetingEditor(request.user, meeting, data)
    if data is not None and editor.is_valid():
        meeting = services.save_meeting(
            _home_community(request) if meeting is None else meeting.community,
            request.user,
            meeting,
            **editor.cleaned(),
        )
        messages.success(request, _("The meeting was recorded."))
        return redirect(meeting)
    return render(request, "units/meeting_form.html", {"editor": editor, "meeting": meeting})


@acts_on(_meetings)
def meeting_detail(request, meeting):
    context = {
        "meeting": meeting,
        "can_edit": request.user.has_perm("units.add_jointmeeting"),
        "today": timezone.localdate(),
    }
    return render(request, "units/meeting_detail.html", context)


@require_POST
@acts_on(
    lambda request: FollowUp.objects.within(request.user), "units.add_jointmeeting", read=False
)
def follow_up_done(request, follow_up):
    services.mark_follow_up_done(follow_up)
    messages.success(request, _("Marked as done."))
    return redirect(follow_up.meeting)


# Notices


@requires("units.send_unitnotice")
def notice_create(request):
    if request.user.community_id is None:
        raise Http404(_("Staff without a community cannot send notices."))
    form = NoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        notice, unreached = services.send_notice(
            _home_community(request),
            request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            units=form.cleaned_data["recipients"],
        )
        count = notice.units.count()
        messages.success(
            request,
            _("The notice went to %(count)s units.") % {"count": count},
        )
        if unreached:
            messages.warning(
                request,
                _("%(count)s of them have no lead with an account: please call them.")
                % {"count": unreached},
            )
        return redirect(notice)
    return render(request, "units/notice_form.html", {"form": form})


@acts_on(_notices)
def notice_detail(request, notice):
    units = notice.units.order_by("kind", "name")
    if not request.user.has_perm("units.review_units"):
        units = units.filter(pk__in=Unit.objects.led_by(request.user))
    return render(request, "units/notice_detail.html", {"notice": notice, "units": units})
