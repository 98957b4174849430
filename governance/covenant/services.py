"""What residents do with the covenant, each in one transaction: adopt it, propose an amendment."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import phases
from governance.models import Matter, SessionPage

from .models import Adoption, Amendment


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
        if session.allows(phases.SUBMIT, now):
            return session
    return sessions.filter(collecting_starts__gt=now).order_by("collecting_starts").first()


@transaction.atomic
def propose_amendment(clause, author, title, description):
    """A covenant-amendment matter in the current or next session, linked to ``clause``."""
    session = session_for_amendment(clause.community)
    if session is None:
        raise Refused(_("No quarterly session is planned yet. Please try again later."))
    # One person's proposals are counted one at a time, so the limit holds under double taps.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    if Matter.objects.filter(session=session, author=author).count() >= session.matter_limit:
        raise Refused(
            _("You have already raised %(limit)s matters for %(session)s, the most allowed.")
            % {"limit": session.matter_limit, "session": session.title}
        )
    matter = Matter.objects.create(
        community=clause.community,
        session=session,
        author=author,
        title=title,
        description=description,
        category=Matter.Category.COVENANT_AMENDMENT,
    )
    return Amendment.objects.create(clause=clause, matter=matter)


def next_clock_change(now):
    """When a consultation next opens or closes, or a version comes into force at midnight."""
    from datetime import datetime, time

    from portal.caching import next_moment

    from .models import CovenantVersion

    versions = CovenantVersion.objects.all()
    moments = [next_moment(versions, ["consultation_opens", "consultation_closes"], now)]
    today = timezone.localdate(now)
    effective = next_moment(versions, ["effective_date"], today)
    if effective is not None:
        moments.append(timezone.make_aware(datetime.combine(effective, time.min)))
    return min([m for m in moments if m is not None], default=None)
