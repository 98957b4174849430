"""No page, feed or export links a person to how they voted."""

import pytest
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from governance import services
from governance.factories import MatterFactory
from governance.models import Vote
from portal.factories import UserFactory


@pytest.mark.parametrize("phase", ["voting", "results", "follow_up"])
def test_voter_names_appear_nowhere(client, clock, session, staff, phase):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    voters = [
        UserFactory(community=session.community, verified=True, display_name=f"秘密投票人{i}")
        for i in range(3)
    ]
    for voter, choice in zip(voters, ["for", "against", "abstain"], strict=True):
        services.cast_vote(matter, voter, choice)
    clock.to_phase(phase)
    urls = [
        session.url,
        matter.get_absolute_url(),
        reverse("governance:results", args=[session.pk]),
        reverse("governance:results_csv", args=[session.pk]),
        reverse("governance:results_json", args=[session.pk]),
        reverse("governance:follow_up_list", args=[session.pk]),
        reverse("governance:print_session", args=[session.pk]),
        reverse("governance:print_matter", args=[matter.pk]),
        reverse("governance:feed_matters"),
        reverse("governance:feed_results"),
    ]
    for viewer in (None, voters[1], staff):
        if viewer:
            client.force_login(viewer)
        for url in urls:
            text = client.get(url).content.decode()
            for voter in voters:
                if voter != viewer:
                    assert voter.display_name not in text, url
                    assert voter.phone not in text, url


def test_votes_are_not_an_admin_snippet():
    assert Vote not in get_snippet_models()


def test_a_vote_describes_itself_without_voter_or_choice(matter, verified_resident):
    services.cast_vote(matter, verified_resident, "against")
    text = str(Vote.objects.get())
    assert verified_resident.public_name not in text and "against" not in text
