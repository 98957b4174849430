from datetime import timedelta

import pytest
from django.urls import reverse

from governance import phases
from governance.models import PhaseEnding

from .conftest import PHASE_DAY, PHASES


@pytest.mark.parametrize("phase", PHASES)
def test_current_phase_comes_from_the_dates(session, opens_at, phase):
    assert session.phase(opens_at + timedelta(days=PHASE_DAY[phase])).key == phase


def test_phase_boundaries_are_exact(session):
    assert session.phase(session.voting_starts - timedelta(seconds=1)).key == "discussion"
    assert session.phase(session.voting_starts).key == "voting"


def test_staff_end_a_phase_early_and_it_is_recorded(client, clock, session, staff):
    clock.to_phase("discussion")
    client.force_login(staff)
    client.post(reverse("governance:end_phase", args=[session.pk]), {"reason": "讨论已充分"})
    ending = PhaseEnding.objects.get(session=session)
    assert (ending.phase, ending.ended_by, ending.reason) == ("discussion", staff, "讨论已充分")
    session.refresh_from_db()
    fresh = type(session).objects.get(pk=session.pk)
    assert fresh.phase().key == "voting"
    spans = {span.phase.key: span for span in fresh.timeline.spans()}
    assert spans["discussion"].ended_early
    assert spans["voting"].starts == ending.ended_at
    assert spans["voting"].ends == session.voting_ends  # later phases keep their dates


def test_ending_early_needs_a_reason(client, clock, session, staff):
    clock.to_phase("voting")
    client.force_login(staff)
    client.post(reverse("governance:end_phase", args=[session.pk]), {"reason": ""})
    assert not PhaseEnding.objects.exists()


def test_every_phase_declares_its_actions_once():
    assert [p.key for p in phases.PHASES] == PHASES
    assert phases.VOTING.allows(phases.VOTE)
    assert not any(p.allows(phases.VOTE) for p in phases.PHASES if p is not phases.VOTING)


def test_dates_out_of_order_are_refused(session):
    from django.core.exceptions import ValidationError

    session.voting_ends = session.collecting_starts
    with pytest.raises(ValidationError):
        session.full_clean()
