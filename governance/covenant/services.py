"""What happens to the covenant, each in one transaction: residents adopt it and propose
amendments; staff start the next draft; residents are invited to adopt a new version.
Every write and notification of the covenant goes through here."""

from datetime import datetime, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import phases as session_phases
from governance import services as governance_services
from governance.models import Matter, SessionPage
from portal.notifications import notify

from .models import Adoption, Amendment, CovenantVersion, VersionClause


class Refused(Exception):
    """The action cannot be done now; the message says why, in the user's language."""


def adopt(version, user):
    """Record that ``user`` adopted ``version``; adopting again (or twice at once) keeps one."""
    with transaction.atomic():
        adoption, _created = Adoption.objects.get_or_create(version=version, user=user)
    return adoption


def session_for_amendment(community, now=None):
    """The session collecting matters now, or else the next one to start."""
    now = now or timezone.now()
    sessions = SessionPage.objects.live().filter(community=community)
    for session in sessions.filter(collecting_starts__lte=now).order_by("-collecting_starts")[:2]:
        if session.allows(session_phases.SUBMIT, now):
            return session
    return sessions.filter(collecting_starts__gt=now).order_by("collecting_starts").first()


@transaction.atomic
def propose_amendment(clause, author, title, description):
    """A covenant-amendment matter in the current or next session, linked to ``clause``.

    It counts towards the session's limit of matters per person like any other matter
    (checked once, in ``governance.services``)."""
    session = session_for_amendment(clause.community)
    if session is None:
        raise Refused(_("No quarterly session is planned yet. Please try again later."))
    try:
        matter = governance_services.add_matter(
            session,
            author,
            title=title,
            description=description,
            category=Matter.Category.COVENANT_AMENDMENT,
        )
    except governance_services.MatterLimitReached as refusal:
        raise Refused(str(refusal)) from refusal
    return Amendment.objects.create(clause=clause, matter=matter)


@transaction.atomic
def start_next_draft(version):
    """A new draft with ``version``'s text, keeping each clause's identity."""
    draft = CovenantVersion.objects.create(covenant=version.covenant, preamble=version.preamble)
    VersionClause.objects.bulk_create(
        VersionClause(
            version=draft,
            clause_id=row.clause_id,
            sort_order=row.number,
            chapter=row.chapter,
            title=row.title,
            text=row.text,
            # Staff revise them with the text; until then the last ones stand.
            easy_read=row.easy_read,
            recording_id=row.recording_id,
        )
        for row in version.rows
    )
    return draft


def invite_to_readopt(version):
    """Once ``version`` is in force, invite everyone who adopted an earlier version to read
    the changes (once: returns how many were invited, 0 the second time)."""
    with transaction.atomic():
        version = CovenantVersion.objects.select_for_update().get(pk=version.pk)
        if version.invitations_sent_at is not None or not version.is_in_force:
            return 0
        earlier = Adoption.objects.filter(
            version__covenant_id=version.covenant_id, version__number__lt=version.number
        ).exclude(user__in=version.adoptions.values("user"))
        latest = {}  # user → the last version they adopted
        for adoption in earlier.select_related("user", "version").order_by("version__number"):
            latest[adoption.user] = adoption.version
        for old in set(latest.values()):
            notify(
                [user for user, v in latest.items() if v == old],
                _("The residents' covenant has changed. Read the changes and adopt it again."),
                reverse("covenant:compare", args=[old.pk, version.pk]),
            )
        version.invitations_sent_at = timezone.now()
        version.save(update_fields=["invitations_sent_at"])
        return len(latest)


def send_due_invitations():
    """Invitations for every version that has come into force since it was published (run
    daily; sending twice is harmless). Returns how many residents were invited."""
    due = CovenantVersion.objects.published().filter(invitations_sent_at__isnull=True)
    return sum(invite_to_readopt(version) for version in due if version.is_in_force)


def next_clock_change(now):
    """When a consultation next opens or closes, or a version comes into force at midnight."""
    from portal.caching import next_moment

    versions = CovenantVersion.objects.all()
    moments = [next_moment(versions, ["consultation_opens", "consultation_closes"], now)]
    today = timezone.localdate(now)
    effective = next_moment(versions, ["effective_date"], today)
    if effective is not None:
        moments.append(timezone.make_aware(datetime.combine(effective, time.min)))
    return min([m for m in moments if m is not None], default=None)
