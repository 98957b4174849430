"""What happens to a matter (triage, votes, counts, follow-up), each in one transaction."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import caching
from portal.notifications import notify

from .models import FollowUp, Matter, Tally, Vote


class MatterLimitReached(Exception):
    """The author already has as many matters in the session as one person may submit."""


def limit_message(session):
    return _(
        "You have already submitted %(limit)s matters to this session, the most one "
        "person may. You can still comment on and vote for other matters."
    ) % {"limit": session.matter_limit}


@transaction.atomic
def submit_matter(form):
    """Save a valid ``MatterForm`` unless its author has reached the session's limit.

    The author's row is locked first, so one person's submissions are counted and saved
    one after the other: concurrent requests never go past the limit.
    """
    from portal.models import User

    session, author = form.session, form.author
    User.objects.select_for_update().filter(pk=author.pk).first()
    if Matter.objects.filter(session=session, author=author).count() >= session.matter_limit:
        raise MatterLimitReached(limit_message(session))
    return form.save()


def _tell_author(matter, message):
    if matter.author_id:
        notify([matter.author], message, matter.get_absolute_url())


@transaction.atomic
def accept(matter, session):
    matter.state, matter.session, matter.triaged_at = Matter.State.ACCEPTED, session, timezone.now()
    matter.save(update_fields=["state", "session", "triaged_at"])
    Tally.objects.get_or_create(matter=matter)
    _tell_author(
        matter,
        _("Your matter “%(title)s” was accepted into %(session)s.")
        % {"title": matter.title, "session": session.title},
    )


@transaction.atomic
def merge(matter, into):
    matter.state, matter.merged_into, matter.triaged_at = Matter.State.MERGED, into, timezone.now()
    matter.save(update_fields=["state", "merged_into", "triaged_at"])
    _tell_author(
        matter,
        _("Your matter “%(title)s” was merged into “%(into)s”.")
        % {"title": matter.title, "into": into.title},
    )


@transaction.atomic
def decline(matter, reason):
    matter.state, matter.decline_reason, matter.triaged_at = (
        Matter.State.DECLINED,
        reason,
        timezone.now(),
    )
    matter.save(update_fields=["state", "decline_reason", "triaged_at"])
    _tell_author(
        matter,
        _("Your matter “%(title)s” was declined: %(reason)s")
        % {"title": matter.title, "reason": reason},
    )


@transaction.atomic
def cast_vote(matter, voter, choice):
    """Cast or change ``voter``'s vote; concurrent calls for one person leave exactly one vote.

    The matter's tally row is locked first, so votes on one matter are applied one
    after the other and the totals always equal the votes.
    """
    tally, _created = Tally.objects.select_for_update().get_or_create(matter=matter)
    vote = Vote.objects.filter(matter=matter, voter=voter).first()
    if vote is None:
        Vote.objects.create(matter=matter, voter=voter, choice=choice)
        changes = {f"online_{choice}": F(f"online_{choice}") + 1}
    elif vote.choice != choice:
        changes = {
            f"online_{vote.choice}": F(f"online_{vote.choice}") - 1,
            f"online_{choice}": F(f"online_{choice}") + 1,
        }
        Vote.objects.filter(pk=vote.pk).update(choice=choice, cast_at=timezone.now())
    else:
        return
    Tally.objects.filter(pk=tally.pk).update(**changes)
    caching.bump()  # queryset updates send no signal; totals may be on public pages


def record_hands(tally, by):
    tally.hands_recorded_at, tally.hands_recorded_by = timezone.now(), by
    tally.save()


@transaction.atomic
def add_follow_up(matter, by, status, note, response=""):
    if response and response != matter.response:
        matter.response, matter.responded_at = response, timezone.now()
        matter.save(update_fields=["response", "responded_at"])
    FollowUp.objects.create(matter=matter, author=by, status=status, note=note)
    _tell_author(
        matter,
        _("News on your matter “%(title)s”: %(status)s")
        % {"title": matter.title, "status": FollowUp.Status(status).label},
    )
