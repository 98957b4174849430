"""From a clause to a matter of the quarterly session, and back into the clause's history."""

import pytest

from governance import services as governance_services
from governance.covenant.factories import make_version
from governance.covenant.models import Amendment
from governance.factories import MatterFactory, SessionPageFactory
from governance.models import Matter


@pytest.fixture
def clause(clock, v1):
    return v1.rows[0].clause


def propose(client, user, clause, title="登记时间改为五日"):
    client.force_login(user)
    return client.post(
        f"/covenant/clauses/{clause.key}/amend/",
        {"title": title, "description": "七日太长，很多人忘了登记。"},
        follow=True,
    )


def test_proposal_becomes_a_covenant_amendment_in_the_collecting_session(
    client, clock, session, clause, resident
):
    clock.to_phase("collecting")
    assert client.get(f"/covenant/clauses/{clause.key}/amend/").status_code == 302  # log in first
    response = propose(client, resident, clause)
    matter = Matter.objects.get()
    assert (matter.category, matter.session, matter.author, matter.state) == (
        Matter.Category.COVENANT_AMENDMENT,
        session,
        resident,
        Matter.State.NEW,
    )
    assert matter.covenant_amendment.clause == clause
    assert response.redirect_chain[-1][0] == clause.get_absolute_url()
    assert matter.title in response.content.decode()  # the author sees it on the clause page
    matter_page = client.get(matter.get_absolute_url()).content.decode()
    assert f'href="{clause.get_absolute_url()}"' in matter_page  # and the clause on the matter


def test_outside_collecting_it_goes_to_the_next_session(client, clock, session, clause, resident):
    clock.to_phase("voting")
    later = SessionPageFactory(
        parent=session.get_parent(),
        community=session.community,
        collecting_starts=clock.now + (session.follow_up_starts - session.collecting_starts),
    )
    propose(client, resident, clause)
    assert Matter.objects.get().session == later


def test_refused_with_a_message_when_no_session_is_planned(
    client, clock, session, clause, resident
):
    clock.to_phase("voting")
    response = propose(client, resident, clause)
    assert "No quarterly session is planned yet." in response.content.decode()
    assert not Matter.objects.exists() and not Amendment.objects.exists()


def test_refused_with_a_message_at_the_limit(client, clock, session, clause, resident):
    clock.to_phase("collecting")
    session.matter_limit = 1
    session.save()
    MatterFactory(session=session, author=resident, state=Matter.State.NEW)
    response = propose(client, resident, clause)
    # The one limit and its one message, from governance.services.
    assert "You have already submitted 1 matters to this session" in response.content.decode()
    assert Matter.objects.count() == 1 and not Amendment.objects.exists()


def test_another_communitys_resident_cannot_propose(
    client, clock, session, clause, other_verified_resident
):
    clock.to_phase("collecting")
    propose(client, other_verified_resident, clause)
    assert not Matter.objects.exists()


def test_adopted_amendment_shows_in_the_clause_history(
    client, clock, session, v1, clause, resident
):
    clock.to_phase("collecting")
    propose(client, resident, clause)
    matter = Matter.objects.get()
    governance_services.accept(matter, session)
    clock.to_phase("follow_up")
    rows = [(r.clause, r.chapter, r.title, r.text) for r in v1.rows]
    rows[0] = (clause, rows[0][1], rows[0][2], "新来社区居住的人，在到达后五日内到居委会登记。")
    v2 = make_version(v1.covenant, rows, effective_date=clock.now.date())
    v2.carries_out.add(matter)
    v2.save()
    client.logout()
    html = client.get(clause.get_absolute_url()).content.decode()
    history = html[html.index("History of this clause") :]
    assert "Changed by the matter" in history and matter.get_absolute_url() in history
    assert "<del>七日</del><ins>五日</ins>" in history
