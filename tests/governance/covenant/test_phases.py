"""The covenant version's lifecycle, declared once (governance/covenant/phases.py), computed
from dates alone: every state, and the edges between them, with the clock moved."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from governance.covenant import phases


def at(day, hour=12):
    return timezone.make_aware(datetime(2026, 3, day, hour))


def version(pk=1, number=1, opens=None, closes=None, published=None, effective=None):
    return SimpleNamespace(
        pk=pk,
        number=number,
        consultation_opens=opens,
        consultation_closes=closes,
        published_at=published,
        effective_date=effective,
    )


def phase(v, now, published=()):
    return phases.timeline(v, published or [v]).current(now).key


def test_a_draft_without_dates_stays_a_draft():
    assert phase(version(), at(1)) == "draft"


def test_a_consultation_round_runs_by_its_dates():
    v = version(opens=at(10), closes=at(20))
    assert phase(v, at(5)) == "consultation_scheduled"
    assert phase(v, at(10)) == "in_consultation"
    assert phase(v, at(19, 23)) == "in_consultation"
    assert phase(v, at(20)) == "consultation_closed"


def test_publishing_ends_the_consultation_and_the_date_brings_it_into_force():
    v = version(opens=at(10), closes=at(20), published=at(15), effective=date(2026, 3, 25))
    assert phase(v, at(12)) == "in_consultation"
    assert phase(v, at(15)) == "upcoming"
    assert phase(v, at(24, 23)) == "upcoming"
    assert phase(v, timezone.make_aware(datetime(2026, 3, 25))) == "in_force"


def test_published_before_its_consultation_opened_no_consultation_takes_place():
    v = version(opens=at(20), closes=at(28), published=at(10), effective=date(2026, 3, 22))
    assert phase(v, at(12)) == "upcoming"
    assert phase(v, at(21)) == "upcoming"
    assert phase(v, at(22)) == "in_force"
    assert [span.phase.key for span in phases.timeline(v, [v]).spans()] == [
        "draft",
        "upcoming",
        "in_force",
    ]


def test_published_after_its_date_it_is_in_force_from_publication():
    v = version(published=at(10), effective=date(2026, 3, 1))
    assert phase(v, at(9)) == "draft"
    assert phase(v, at(10)) == "in_force"


def test_a_later_version_in_force_supersedes_it():
    first = version(pk=1, number=1, published=at(1), effective=date(2026, 3, 2))
    second = version(pk=2, number=2, published=at(5), effective=date(2026, 3, 20))
    both = [first, second]
    assert phase(first, at(10), both) == "in_force"
    assert phase(second, at(10), both) == "upcoming"
    assert phase(first, at(20), both) == "superseded"
    assert phase(second, at(20), both) == "in_force"


def test_on_the_same_date_the_higher_number_is_in_force():
    first = version(pk=1, number=1, published=at(1), effective=date(2026, 3, 10))
    second = version(pk=2, number=2, published=at(2), effective=date(2026, 3, 10))
    assert phase(first, at(11), [first, second]) == "superseded"
    assert phase(second, at(11), [first, second]) == "in_force"


@pytest.mark.parametrize(
    ("key", "read", "comment", "adopt", "edit"),
    [
        ("draft", False, False, False, True),
        ("consultation_scheduled", False, False, False, True),
        ("in_consultation", True, True, False, False),
        ("consultation_closed", True, False, False, False),
        ("upcoming", True, False, False, False),
        ("in_force", True, True, True, False),
        ("superseded", True, False, False, False),
    ],
)
def test_what_each_phase_allows(key, read, comment, adopt, edit):
    allowed = phases.BY_KEY[key]
    assert (
        allowed.allows(phases.READ),
        allowed.allows(phases.COMMENT),
        allowed.allows(phases.ADOPT),
        allowed.allows(phases.EDIT),
    ) == (read, comment, adopt, edit)
    assert allowed.allows(phases.AMEND) is (key == "in_force")
