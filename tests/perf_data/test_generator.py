"""The district generator: consistent, reproducible data, on whichever database runs the tests."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Sum
from django_comments_xtd.models import XtdComment

from governance.covenant.models import CovenantVersion
from governance.models import Ballot, Matter, Participation, Tally
from pages.associations.models import Minutes
from pages.district import PASSWORD, District, bench_phone, counts_for
from portal.models import Community, User
from tests.perf import targets
from training.models import Enrolment, LessonCompletion

TODAY = date(2026, 11, 30)


def fingerprint():
    """What the data says, independent of the primary keys the database handed out."""
    return {
        "users": list(
            User.objects.filter(phone__isnull=False)
            .order_by("phone")
            .values_list("phone", "display_name", "community__slug", "verified_at")
        ),
        "matters": list(
            Matter.objects.order_by("session__slug", "title", "created_at").values_list(
                "title", "description", "state", "created_at"
            )
        ),
        "participations": sorted(
            Participation.objects.values_list("matter__title", "voter__phone", "voted_on")
        ),
        # A ballot's token is keyed by the voter's id, which a database sequence may not repeat.
        "ballots": sorted(Ballot.objects.values_list("matter__title", "choice")),
        "comments": sorted(XtdComment.objects.values_list("comment", "level", "user__phone")),
        "minutes": sorted(Minutes.objects.values_list("title", "discussion")),
    }


@pytest.mark.django_db
def test_small_district_is_consistent():
    report = District(seed=1, scale=0.002, today=TODAY, log=lambda *_: None).build()
    wanted = counts_for(0.002)
    assert report.counts["users"] == wanted["users"] == User.objects.exclude(phone=None).count()
    assert report.counts["matters"] == wanted["matters"]
    assert report.counts["comments"] == XtdComment.objects.count() >= wanted["comments"]
    assert report.counts["votes"] == Participation.objects.count() == Ballot.objects.count()
    # Every tally equals the ballots behind it.
    for tally in Tally.objects.annotate(n=Count("matter__ballots")):
        assert tally.online_for + tally.online_against + tally.online_abstain == tally.n
    # Voters are verified residents of the matter's community.
    voters = Participation.objects
    assert not voters.exclude(voter__community=F("matter__community")).exists()
    assert not voters.exclude(community=F("matter__community")).exists()
    assert not voters.filter(voter__verified_at=None).exists()
    # Threads are well formed: roots are their own thread and parent, replies stay in a
    # thread, at most two levels deep, and thread order is unique.
    roots = XtdComment.objects.filter(level=0)
    assert roots.filter(thread_id=F("pk"), parent_id=F("pk")).count() == roots.count()
    for reply in XtdComment.objects.filter(level__gt=0):
        parent = XtdComment.objects.get(pk=reply.parent_id)
        assert (parent.thread_id, parent.level + 1) == (reply.thread_id, reply.level)
        assert parent.object_pk == reply.object_pk
    assert XtdComment.objects.filter(level__gt=2).count() == 0
    orders = XtdComment.objects.values("thread_id", "order").annotate(n=Count("pk"))
    assert not orders.filter(n__gt=1).exists()
    # Three covenant versions, the last in force; learning records belong to real lessons.
    assert CovenantVersion.objects.count() == 3
    assert not LessonCompletion.objects.exclude(
        lesson__depth=F("enrolment__course__depth") + 1
    ).exists()
    assert Enrolment.objects.count() == report.counts["enrolments"]
    assert Community.objects.count() == report.counts["communities"]
    # The benchmark user can sign in with the shared password and is a verified resident.
    user = User.objects.get(phone=bench_phone())
    assert user.check_password(PASSWORD) and user.is_verified_resident
    # ... who has voted on the busiest matter of the open session, and on nothing else there.
    open_votes = Participation.objects.filter(voter=user, matter__session=targets.bench_session())
    assert list(open_votes.values_list("matter", flat=True)) == [targets.hot_matter().pk]
    assert Minutes.objects.aggregate(n=Sum("attendance"))["n"] > 0


@pytest.mark.django_db
def test_same_seed_same_district_and_other_seed_differs():
    def build(seed):
        from django.db import transaction

        with transaction.atomic():
            District(seed=seed, scale=0.002, today=TODAY, log=lambda *_: None).build()
            data = fingerprint()
            transaction.set_rollback(True)
        return data

    first = build(1)
    assert first == build(1)
    assert first["comments"] != build(2)["comments"]


@pytest.mark.django_db
def test_command_refuses_a_second_district():
    out = io.StringIO()
    call_command("generate_district", "--seed", "1", "--scale", "0.002", stdout=out)
    assert "District ready" in out.getvalue()
    with pytest.raises(CommandError, match="already holds a generated district"):
        call_command("generate_district", "--scale", "0.002", stdout=out)
