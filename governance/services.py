"""What happens in a session and to a matter (submitting, triage, votes, counts, follow-up,
ending a phase), each in one transaction. Every write and notification of governance
goes through here; views translate HTTP, forms validate, models hold data."""

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import caching
from portal.notifications import notify

from .models import FollowUp, Matter, PhaseEnding, SessionPage, Tally, Vote


class MatterLimitReached(Exception):
    """The author already has as many matters in the session as one person may submit."""


def limit_message(session):
    return _(
        "You have already submitted %(limit)s matters to this session, the most one "
        "person may. You can still comment on and vote for other matters."
    ) % {"limit": session.matter_limit}


def _check_matter_limit(session, author):
    """Refuse (``MatterLimitReached``) when ``author`` has as many matters in ``session`` as
    one person may: the only place the limit is checked.

    Called inside the transaction that saves the matter. The author's row is locked first,
    so one person's submissions are counted and saved one after the other: concurrent
    requests never go past the limit.
    """
    from portal.models import User

    User.objects.select_for_update().filter(pk=author.pk).first()
    if Matter.objects.filter(session=session, author=author).count() >= session.matter_limit:
        raise MatterLimitReached(limit_message(session))


@transaction.atomic
def submit_matter(form):
    """Save a valid ``MatterForm`` unless its author has reached the session's limit."""
    _check_matter_limit(form.session, form.author)
    return form.save()


@transaction.atomic
def add_matter(session, author, **fields):
    """A new matter of ``author`` in ``session`` (e.g. a covenant amendment), within the
    same limit as a submitted one."""
    _check_matter_limit(session, author)
    return Matter.objects.create(
        community_id=session.community_id, session=session, author=author, **fields
    )


def drop_suggestion(form, author=None):
    """Save a valid ``SuggestionForm``: a matter in the suggestion box, for staff to read."""
    matter = form.save(commit=False)
    matter.author = author
    matter.save()
    return matter


@transaction.atomic
def end_phase(session, by, reason):
    """End ``session``'s current phase now; the next one begins. Ending voting counts the
    eligible voters as of that moment. Returns the phase that ended."""
    phase = session.phase()
    PhaseEnding.objects.get_or_create(
        session=session,
        phase=phase.key,
        defaults={"ended_at": timezone.now(), "ended_by": by, "reason": reason},
    )
    if phase.key == "voting":  # count the eligible voters now, as of the end of voting
        SessionPage.objects.get(pk=session.pk).eligible_voters()
    return phase


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

    A new vote is one insert that the unique constraint lets through once, and one relative
    update of the tally. The tally row is locked only by that last update, so votes on one
    matter queue only for the moment it takes to commit, and the totals always equal the votes.
    """
    if _insert_vote(matter, voter, choice):
        changes = {f"online_{choice}": F(f"online_{choice}") + 1}
    else:  # a change of mind (or a replayed request): lock the vote, then compare
        vote = Vote.objects.select_for_update().get(matter=matter, voter=voter)
        if vote.choice == choice:
            return
        changes = {
            f"online_{vote.choice}": F(f"online_{vote.choice}") - 1,
            f"online_{choice}": F(f"online_{choice}") + 1,
        }
        Vote.objects.filter(pk=vote.pk).update(choice=choice, cast_at=timezone.now())
    if not Tally.objects.filter(matter=matter).update(**changes):
        Tally.objects.get_or_create(matter=matter)  # matters accepted before tallies existed
        Tally.objects.filter(matter=matter).update(**changes)
    if matter.session.show_running_totals:
        # Totals are on public pages only then (and these writes send no signal). Otherwise a
        # vote changes nothing an anonymous reader sees until the phase ends, which the page
        # cache knows by the clock: voting days keep their cache.
        caching.bump()


def _insert_vote(matter, voter, choice):
    """Insert the vote unless this person has one on this matter; say whether it was new.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite 3.35+) waits for a
    concurrent insert of the same vote to commit and then does nothing, in one statement.
    """
    table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (matter_id, voter_id, choice, cast_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (matter_id, voter_id) DO NOTHING RETURNING id",
            [matter.pk, voter.pk, choice, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        return cursor.fetchone() is not None


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
