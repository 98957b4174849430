from django.utils import timezone

from governance import demo
from governance.models import Ballot, Matter, SessionPage
from portal import demo as portal_demo


def test_demo_builds_a_finished_and_an_open_session_idempotently(db):
    context = portal_demo.build()
    demo.build(context)
    counts = (SessionPage.objects.count(), Matter.objects.count(), Ballot.objects.count())
    demo.build(context)
    assert (SessionPage.objects.count(), Matter.objects.count(), Ballot.objects.count()) == counts
    phases = {s.slug: s.phase(timezone.now()).key for s in SessionPage.objects.all()}
    assert phases == {"2026-q3": "follow_up", "2026-q4": "voting", "2027-q1": "collecting"}
    assert Matter.objects.filter(follow_ups__isnull=False).exists()
    assert Matter.objects.filter(state="new").exists()


def test_demo_finished_session_has_results_against_its_electorate(db):
    from governance.results import session_results
    from portal.models import User

    context = portal_demo.build()
    demo.build(context)
    finished = SessionPage.objects.get(slug="2026-q3")
    results = session_results(finished)
    verified = User.objects.filter(community=context.community, verified_at__isnull=False)
    assert results and all(r.eligible == verified.count() for r in results)
    assert {r.outcome for r in results} >= {"adopted", "not_adopted"}
    # Verifying one more resident today leaves the finished session's results alone.
    context.user("13800138005").verify(context.user("13800138001"))
    again = session_results(SessionPage.objects.get(pk=finished.pk))
    assert [r.as_dict() for r in again] == [r.as_dict() for r in results]
