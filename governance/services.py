"""What happens in a session and to a matter (submitting, triage, votes, counts, follow-up,
ending a phase), each in one transaction. Every write and notification of governance
goes through here; views translate HTTP, forms validate, models hold data."""

import secrets
import uuid

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit, caching
from portal.notifications import notify

from .models import (
    Ballot,
    FollowUp,
    Matter,
    Participation,
    PhaseEnding,
    SessionPage,
    Tally,
    ballot_token,
)


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
    _ending, ended = PhaseEnding.objects.get_or_create(
        session=session,
        phase=phase.key,
        defaults={"ended_at": timezone.now(), "ended_by": by, "reason": reason},
    )
    if ended:
        audit.record(by, audit.Action.END_PHASE, session, phase=phase.key)
    if phase.key == "voting":  # count the eligible voters now, as of the end of voting
        SessionPage.objects.get(pk=session.pk).eligible_voters()
    return phase


def _tell_author(matter, message):
    if matter.author_id:
        notify([matter.author], message, matter.get_absolute_url())


@transaction.atomic
def accept(matter, session, by=None):
    matter.state, matter.session, matter.triaged_at = Matter.State.ACCEPTED, session, timezone.now()
    matter.save(update_fields=["state", "session", "triaged_at"])
    Tally.objects.get_or_create(matter=matter)
    audit.record(by, audit.Action.ACCEPT_MATTER, matter, session=session.pk)
    _tell_author(
        matter,
        _("Your matter “%(title)s” was accepted into %(session)s.")
        % {"title": matter.title, "session": session.title},
    )


@transaction.atomic
def merge(matter, into, by=None):
    matter.state, matter.merged_into, matter.triaged_at = Matter.State.MERGED, into, timezone.now()
    matter.save(update_fields=["state", "merged_into", "triaged_at"])
    audit.record(by, audit.Action.MERGE_MATTER, matter, into=into.pk)
    _tell_author(
        matter,
        _("Your matter “%(title)s” was merged into “%(into)s”.")
        % {"title": matter.title, "into": into.title},
    )


@transaction.atomic
def decline(matter, reason, by=None):
    matter.state, matter.decline_reason, matter.triaged_at = (
        Matter.State.DECLINED,
        reason,
        timezone.now(),
    )
    matter.save(update_fields=["state", "decline_reason", "triaged_at"])
    audit.record(by, audit.Action.DECLINE_MATTER, matter, reason=reason)
    _tell_author(
        matter,
        _("Your matter “%(title)s” was declined: %(reason)s")
        % {"title": matter.title, "reason": reason},
    )


class NotEligible(Exception):
    """The person may not vote on this matter (``voting_eligibility``); the message says why."""


# The rule, as the session page states it.
ELIGIBILITY_RULE = gettext_lazy(
    "Who may vote: verified residents who lived in this community when voting opened. "
    "Someone who moves here while voting runs votes in the next session; a vote stays in the "
    "community where it was cast, and each person votes in one community's sessions per "
    "quarter."
)


def _quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def voting_eligibility(voter, matter):
    """Why ``voter`` may not vote on ``matter`` now, or ``None`` when they may.

    A verified resident of the matter's community who lived there when voting opened (a
    move approved later, ``User.community_since``, waits for the next session), and who has
    cast no vote in another community's session this quarter. Asked by the permission
    ``governance.vote_matter`` and again, with the voter's row locked, by ``cast_vote``.
    """
    if not voter.is_authenticated or voter.verified_at is None:
        return _("Only verified residents of this community may vote.")
    if voter.community_id != matter.community_id:
        return _("Only verified residents of this community may vote.")
    opened = matter.session.voting_opened_at()
    if voter.community_since is not None and opened is not None and voter.community_since > opened:
        return _("You moved here after voting opened: you vote from the next session on.")
    elsewhere = (
        Participation.objects.filter(
            voter=voter, voted_on__gte=_quarter_start(timezone.localdate())
        )
        .exclude(community=matter.community_id)
        .exists()
    )
    if elsewhere:
        return _("You have voted in another community's session this quarter.")
    return None


class BallotUnavailable(Exception):
    """A person's participation is recorded but their ballot cannot be found with the key
    (``YISHI_BALLOT_KEY`` changed since they voted): their vote counts and cannot change."""


# How many other ballots of the matter a new ballot is shuffled with on PostgreSQL.
BALLOT_MIX = 16


@transaction.atomic
def cast_vote(matter, voter, choice):
    """Cast or change ``voter``'s vote; concurrent calls for one person leave exactly one vote.

    A new vote is one insert of the participation (who voted), which the unique constraint
    lets through once, one drop of the ballot (how) into the matter's ballot box, and one
    relative update of the tally. The tally row is locked only by that last update, so votes
    on one matter queue only for the moment it takes to commit, and the totals always equal
    the ballots. The ballot is found again only through the keyed token (``ballot_token``).
    """
    # The voter's row is locked until the vote commits: a move approved at the same moment
    # (portal.moves.services.approve_move locks it too) comes wholly before or after it.
    voter = get_user_model().objects.select_for_update().get(pk=voter.pk)
    problem = voting_eligibility(voter, matter)
    if problem is not None:
        raise NotEligible(problem)
    token = ballot_token(voter.pk, matter.pk)
    if _insert_participation(matter, voter):
        _drop_ballot(matter, token, choice)
        changes = {f"online_{choice}": F(f"online_{choice}") + 1}
    else:  # a change of mind (or a replayed request): lock the ballot, then compare
        ballot = _own_ballot_for_update(token)
        if ballot.choice == choice:
            return
        changes = {
            f"online_{ballot.choice}": F(f"online_{ballot.choice}") - 1,
            f"online_{choice}": F(f"online_{choice}") + 1,
        }
        Ballot.objects.filter(pk=ballot.pk).update(choice=choice)
    if not Tally.objects.filter(matter=matter).update(**changes):
        Tally.objects.get_or_create(matter=matter)  # matters accepted before tallies existed
        Tally.objects.filter(matter=matter).update(**changes)
    if matter.session.show_running_totals:
        # Totals are on public pages only then (and these writes send no signal). Otherwise a
        # vote changes nothing an anonymous reader sees until the phase ends, which the page
        # cache knows by the clock: voting days keep their cache.
        caching.bump()


def _insert_participation(matter, voter):
    """Record that ``voter`` voted on ``matter`` unless it is already; say whether it was new.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite 3.35+) waits for a
    concurrent insert of the same participation to commit and then does nothing, in one
    statement.
    """
    table = connection.ops.quote_name(Participation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (matter_id, voter_id, community_id, voted_on) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (matter_id, voter_id) DO NOTHING RETURNING id",
            [
                matter.pk,
                voter.pk,
                matter.community_id,  # the voter's (checked above, locked); kept if they move
                connection.ops.adapt_datefield_value(timezone.localdate()),
            ],
        )
        return cursor.fetchone() is not None


def _drop_ballot(matter, token, choice):
    """Put a new ballot into the matter's ballot box so that where it lands says nothing.

    SQLite keeps the ballots ``WITHOUT ROWID``, in the order of their random keys, so a new
    one lands at a random place. PostgreSQL appends rows in the order they are written, which
    would line the ballots up with the participations: there the new ballot goes in together
    with up to ``BALLOT_MIX`` others of the matter, taken out and put back in random order
    under new random keys. Ballots another vote is stirring at that moment are skipped, so
    votes never wait for each other here.
    """
    ballots = [(token, choice)]
    if connection.vendor == "postgresql":
        ballots += _take_out_ballots(matter, BALLOT_MIX)
        secrets.SystemRandom().shuffle(ballots)
    Ballot.objects.bulk_create(
        Ballot(id=uuid.uuid4(), matter=matter, token=t, choice=c) for t, c in ballots
    )


def _take_out_ballots(matter, count):
    """Delete up to ``count`` ballots of ``matter`` from a random place in key order and
    return their ``(token, choice)``; ballots locked by another transaction are skipped."""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    start = uuid.uuid4()
    taken = []
    with connection.cursor() as cursor:
        for side in (">=", "<"):  # from the random start to the end, then from the beginning
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN ("
                f"SELECT id FROM {table} WHERE matter_id = %s AND id {side} %s "
                "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING token, choice",
                [matter.pk, start, count - len(taken)],
            )
            taken += cursor.fetchall()
            if len(taken) >= count:
                break
    return taken


def _own_ballot_for_update(token):
    """The ballot with ``token``, locked. A concurrent new vote may be putting it back under
    a new key at this very moment: the lock then waits for it and finds the old row gone,
    and the next statement sees the new one."""
    for _attempt in range(3):
        ballot = Ballot.objects.filter(token=token).select_for_update().first()
        if ballot is not None:
            return ballot
    raise BallotUnavailable


@transaction.atomic
def forget_voter(user):
    """Cut every link from ``user`` to their ballots, for good: each ballot gets a random
    token (nobody, even with the key, can find it again) and the participations go.
    The ballots stay in the box and the tallies do not change."""
    for matter_id in Participation.objects.filter(voter=user).values_list("matter", flat=True):
        Ballot.objects.filter(token=ballot_token(user.pk, matter_id)).update(
            token=secrets.token_hex(32)
        )
    Participation.objects.filter(voter=user).delete()


def forget_voter_on_delete(sender, instance, **kwargs):
    forget_voter(instance)


@transaction.atomic
def record_hands(tally, by):
    tally.hands_recorded_at, tally.hands_recorded_by = timezone.now(), by
    tally.save()
    counts = {
        "for": tally.hands_for,
        "against": tally.hands_against,
        "abstain": tally.hands_abstain,
    }
    audit.record(by, audit.Action.RECORD_HANDS, tally.matter, **counts)


@transaction.atomic
def add_follow_up(matter, by, status, note, response=""):
    if response and response != matter.response:
        matter.response, matter.responded_at = response, timezone.now()
        matter.save(update_fields=["response", "responded_at"])
    FollowUp.objects.create(matter=matter, author=by, status=status, note=note)
    audit.record(by, audit.Action.FOLLOW_UP, matter, status=status)
    _tell_author(
        matter,
        _("News on your matter “%(title)s”: %(status)s")
        % {"title": matter.title, "status": FollowUp.Status(status).label},
    )
