"""Every write of units, agreements, meetings and notices, and the notifications that follow.

Views ask the permission (``rules``) and validate the input (``forms``) first; what is
written here is written whole or not at all (one transaction each).
"""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit
from portal.capabilities import WorkItem
from portal.notifications import notify
from portal.rules import is_community_staff

from .models import (
    EXPIRING_DAYS,
    Agreement,
    AgreementDuty,
    AgreementStatus,
    Attendance,
    Coordinator,
    FollowUp,
    JointMeeting,
    MeetingDecision,
    SignedRecord,
    Unit,
    UnitNotice,
    WorkerSignature,
)


class Refused(Exception):
    """The action cannot be done now; the message says why, in the user's language."""


# Units


def _sync_people(unit, by, before):
    """Someone (with an account) newly named lead or coordinator is told where their unit's
    page is; a staff member naming them is audited."""
    from portal.models import User

    now = {unit.lead_id, *unit.coordinators.exclude(user=None).values_list("user_id", flat=True)}
    named = User.objects.filter(pk__in=now - before - {None}).order_by("pk")
    for person in named:
        if by is not None and person.pk != by.pk:
            audit.record(by, audit.Action.SET_UNIT_LEAD, person, community=unit.community)
    notify(
        named,
        _(
            "You are now a contact of %(unit)s for the community. Its page shows its agreements "
            "and notices."
        )
        % {"unit": unit.name},
        unit.get_absolute_url(),
        exclude=by,
    )


def _people_of(unit):
    if unit.pk is None:
        return set()
    return {unit.lead_id, *unit.coordinators.exclude(user=None).values_list("user_id", flat=True)}


@transaction.atomic
def save_unit(unit, by, *, fields, coordinators=None):
    """Create or change a unit (``fields``: its own fields) and, when given, replace its
    coordinators with ``coordinators`` (dicts of name, phone, user)."""
    before = _people_of(unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.save()
    if coordinators is not None:
        unit.coordinators.all().delete()
        Coordinator.objects.bulk_create(
            Coordinator(unit=unit, position=position, **row)
            for position, row in enumerate(coordinators)
        )
    _sync_people(unit, by, before)
    return unit


# Agreements


@transaction.atomic
def create_agreement(
    template, *, unit=None, title=None, first_party, second_party, starts_on, ends_on, by=None
):
    """A draft agreement from ``template``, with its duties copied in order."""
    agreement = Agreement.objects.create(
        community=template.community,
        template=template,
        kind=template.kind,
        unit=unit,
        title=title or template.title,
        first_party=first_party,
        second_party=second_party,
        preamble=template.preamble,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    AgreementDuty.objects.bulk_create(
        AgreementDuty(agreement=agreement, sort_order=order, text=duty.text)
        for order, duty in enumerate(template.duties.all())
    )
    return agreement


def fill_from_template(agreement):
    """An agreement saved without duties (in the admin) takes its template's."""
    if agreement.template_id and not agreement.duties.exists():
        AgreementDuty.objects.bulk_create(
            AgreementDuty(agreement=agreement, sort_order=order, text=duty.text)
            for order, duty in enumerate(agreement.template.duties.all())
        )
        if not agreement.preamble:
            agreement.preamble = agreement.template.preamble
            agreement.save(update_fields=["preamble"])


@transaction.atomic
def record_signed(agreement, by, *, signed_on, signed_by, photo=None):
    """Record (or correct) that the paper agreement was signed; ``photo`` is a checked upload
    (``portal.uploads.clean_photo``), kept in private storage."""
    record = SignedRecord.objects.filter(agreement=agreement).first() or SignedRecord(
        agreement=agreement
    )
    record.signed_on = signed_on
    record.signed_by = signed_by
    record.recorded_by = by
    record.recorded_at = timezone.now()
    if photo is not None:
        old = record.photo.name if record.photo else ""
        record.photo.save(photo.name, photo.content, save=False)
        if old:
            storage = record.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    record.save()
    agreement.__dict__.pop("signed", None)
    _tell_unit(
        agreement,
        _("The agreement “%(title)s” was signed; it is in force until %(date)s.")
        % {"title": agreement.title, "date": agreement.ends_on.isoformat()},
    )
    return record


@transaction.atomic
def end_agreement(agreement, by, on=None):
    """End an agreement before its end date (a unit closed, a landlord sold)."""
    if agreement.ended_on is not None:
        raise Refused(_("This agreement has already ended."))
    agreement.ended_on = on or timezone.localdate()
    agreement.save(update_fields=["ended_on"])
    return agreement


@transaction.atomic
def renew(agreement, by, *, starts_on=None, ends_on=None):
    """A draft renewal of ``agreement``: same parties, its duties carried forward with their
    identity (so the renewal can be compared duty by duty), for as long again by default."""
    starts_on = starts_on or agreement.ends_on + timedelta(days=1)
    ends_on = ends_on or starts_on + (agreement.ends_on - agreement.starts_on)
    if ends_on < starts_on:
        raise Refused(_("The end date must be after the start date."))
    renewal = Agreement.objects.create(
        community=agreement.community,
        template=agreement.template,
        kind=agreement.kind,
        unit=agreement.unit,
        title=agreement.title,
        first_party=agreement.first_party,
        second_party=agreement.second_party,
        preamble=agreement.preamble,
        starts_on=starts_on,
        ends_on=ends_on,
        previous=agreement,
    )
    AgreementDuty.objects.bulk_create(
        AgreementDuty(agreement=renewal, key=duty.key, sort_order=order, text=duty.text)
        for order, duty in enumerate(agreement.duties.all())
    )
    return renewal


def sign_as_worker(agreement, user):
    """``user`` signs their unit's workers' agreement: once. Signing again, or twice at
    once, is refused and keeps the one signature."""
    try:
        with transaction.atomic():
            return WorkerSignature.objects.create(agreement=agreement, user=user)
    except IntegrityError:
        raise Refused(_("You have already signed this agreement.")) from None


def read_worker_signatures(agreement, by):
    """The workers who signed (a list of people): the read is audited."""
    signatures = list(
        agreement.worker_signatures.select_related("user").order_by("signed_at", "pk")
    )
    audit.record(by, audit.Action.READ_WORKER_SIGNATURES, agreement, count=len(signatures))
    return signatures


def _unit_contacts(units):
    """The accounts of the leads and coordinators of ``units``."""
    from portal.models import User

    ids = [unit.pk for unit in units]
    return list(
        User.objects.filter(Q(led_units__in=ids) | Q(unit_coordinations__unit__in=ids))
        .distinct()
        .order_by("pk")
    )


def _staff_of(community):
    from portal import roles
    from portal.models import User

    return list(
        User.objects.filter(community=community, groups__name=roles.COMMUNITY_STAFF).order_by("pk")
    )


def _tell_unit(agreement, message):
    people = _unit_contacts([agreement.unit]) if agreement.unit_id else []
    notify(people, message, agreement.get_absolute_url())


def send_expiry_reminders(today=None):
    """Remind the unit's lead and the community's staff of every agreement that expires
    within 30 days (once per agreement). Run daily; returns how many were reminded."""
    today = today or timezone.localdate()
    due = (
        Agreement.objects.with_status(AgreementStatus.EXPIRING, today)
        .filter(reminded_on__isnull=True)
        .select_related("unit", "community")
    )
    count = 0
    for agreement in due:
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.reminded_on is not None:
                continue
            people = _staff_of(agreement.community)
            if agreement.unit_id:
                people += _unit_contacts([agreement.unit])
            notify(
                people,
                _("The agreement “%(title)s” ends on %(date)s. Please arrange its renewal.")
                % {"title": agreement.title, "date": agreement.ends_on.isoformat()},
                agreement.get_absolute_url(),
                by_sms=True,
            )
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            count += 1
    return count


# Joint meetings and notices


@transaction.atomic
def save_meeting(
    community,
    by,
    meeting=None,
    *,
    fields,
    units,
    agreements,
    matters,
    attendance,
    decisions,
    follow_ups,
):
    """Create or change a meeting's record with its rows (replaced as a whole)."""
    meeting = meeting or JointMeeting(community=community, recorded_by=by)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    meeting.units.set(units)
    meeting.agreements.set(agreements)
    meeting.matters.set(matters)
    for model, manager, rows in (
        (Attendance, meeting.attendance, attendance),
        (MeetingDecision, meeting.decisions, decisions),
        (FollowUp, meeting.follow_ups, follow_ups),
    ):
        manager.all().delete()
        model.objects.bulk_create(
            model(meeting=meeting, position=position, **row) for position, row in enumerate(rows)
        )
    return meeting


@transaction.atomic
def mark_follow_up_done(follow_up, on=None):
    follow_up.done_on = on or timezone.localdate()
    follow_up.save(update_fields=["done_on"])
    return follow_up


@transaction.atomic
def send_notice(community, by, *, title, body, units):
    """Send a notice to ``units``: their leads and coordinators with an account are told on
    the site and by SMS (``portal.notifications``). Returns the notice and how many units
    have nobody to tell (no lead or coordinator with an account)."""
    units = list(units)
    if not units:
        raise Refused(_("Choose at least one unit."))
    notice = UnitNotice.objects.create(community=community, title=title, body=body, sent_by=by)
    notice.units.set(units)
    people = _unit_contacts(units)
    notify(
        people,
        _("Notice to units: %(title)s") % {"title": title},
        notice.get_absolute_url(),
        by_sms=True,
        exclude=by,
    )
    reached = {
        unit.pk
        for unit in Unit.objects.filter(pk__in=[u.pk for u in units]).filter(
            Q(lead__isnull=False) | Q(coordinators__user__isnull=False)
        )
    }
    return notice, len(units) - len(reached)


# What the portal asks (declared in apps.py)


def next_clock_change(now):
    """The next midnight at which an agreement's status changes by the date alone."""
    today = timezone.localdate(now)
    signed = Agreement.objects.signed().filter(ended_on__isnull=True)
    days = []
    for starts_on, ends_on in signed.values_list("starts_on", "ends_on"):
        days += [starts_on, ends_on - timedelta(days=EXPIRING_DAYS), ends_on + timedelta(days=1)]
    upcoming = [day for day in days if day > today]
    if not upcoming:
        return None
    return timezone.make_aware(datetime.combine(min(upcoming), time.min))


def _per_community(queryset, path):
    """``{community name: count}`` of ``queryset``, in one query."""
    rows = queryset.values(f"{path}__name").annotate(n=Count("pk")).order_by()
    return {row[f"{path}__name"]: row["n"] for row in rows}


def workbench(user):
    """Community staff: agreements expiring and drafts to sign; overdue follow-up, per
    community (a superuser sees each community apart)."""
    if not getattr(user, "is_authenticated", False) or not is_community_staff(user):
        return []
    agreements = Agreement.objects.within(user)
    today = timezone.localdate()
    overdue = FollowUp.objects.within(user).filter(done_on__isnull=True, due_on__lt=today)
    url = reverse("units:agreements")
    lines = [
        (
            gettext_lazy("Agreements expiring within 30 days"),
            _per_community(agreements.with_status(AgreementStatus.EXPIRING, today), "community"),
            f"{url}?status=expiring",
        ),
        (
            gettext_lazy("Agreements not yet signed"),
            _per_community(agreements.with_status(AgreementStatus.DRAFT, today), "community"),
            f"{url}?status=draft",
        ),
        (
            gettext_lazy("Meeting follow-up past its date"),
            _per_community(overdue, "meeting__community"),
            reverse("units:meetings"),
        ),
    ]
    own = getattr(getattr(user, "community", None), "name", "")
    return [
        WorkItem(label, count, link, order=60 + i, community=community)
        for i, (label, counts, link) in enumerate(lines)
        for community, count in (counts or ({own: 0} if own else {})).items()
    ]
