from django.utils import timezone

from governance import demo
from governance.models import Matter, SessionPage, Vote
from portal import demo as portal_demo


def test_demo_builds_a_finished_and_an_open_session_idempotently(db):
    context = portal_demo.build()
    demo.build(context)
    counts = (SessionPage.objects.count(), Matter.objects.count(), Vote.objects.count())
    demo.build(context)
    assert (SessionPage.objects.count(), Matter.objects.count(), Vote.objects.count()) == counts
    phases = {s.slug: s.phase(timezone.now()).key for s in SessionPage.objects.all()}
    assert phases == {"2026-q3": "follow_up", "2026-q4": "voting"}
    assert Matter.objects.filter(follow_ups__isnull=False).exists()
    assert Matter.objects.filter(state="new").exists()
