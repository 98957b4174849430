"""The issue's "done when": in the demo site these words find content inside longer phrases."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

WORDS = ["公约", "议事", "青春期", "建筑工地", "纪要"]
# Words the demo cannot find yet, with why; remove a word when its content becomes searchable.
KNOWN_GAPS = {}


@pytest.mark.django_db
def test_demo_words_are_found_inside_longer_phrases(client, search_backend):
    call_command("load_demo", stdout=io.StringIO())
    found = {}
    for word in WORDS:
        response = client.get(reverse("search"), {"q": word})
        hits = [hit for section in response.context["sections"] for hit in section.hits]
        found[word] = hits
        # Inside a longer phrase: some result says more than the bare word.
        assert all(word in f"{hit.title}{hit.snippet}" for hit in hits), word
    missing = sorted(word for word, hits in found.items() if not hits)
    assert missing == sorted(KNOWN_GAPS)
    assert any(
        len(hit.title) > len(word) or len(hit.snippet) > len(word) + 13
        for word, hits in found.items()
        for hit in hits
    )


@pytest.mark.django_db
def test_demo_minutes_are_found_in_the_admin(client, search_backend):
    """纪要 in the Wagtail admin: the meeting minutes listing, which the admin's search offers,
    finds the demo's minutes that say it inside a longer phrase, for the community's staff."""
    from django.contrib.auth import get_user_model

    from pages.associations.models import Minutes
    from portal import roles

    call_command("load_demo", stdout=io.StringIO())
    staff = get_user_model().objects.filter(groups__name=roles.COMMUNITY_STAFF).first()
    client.force_login(staff)

    response = client.get("/admin/minutes/", {"q": "纪要"})

    assert response.status_code == 200
    found = list(response.context["object_list"])
    assert found
    for minutes in found:
        assert minutes.association.community_id == staff.community_id
        text = " ".join([minutes.title, minutes.agenda, minutes.discussion, minutes.place])
        text += " ".join(item.text for item in [*minutes.decisions.all(), *minutes.actions.all()])
        assert "纪要" in text and text.strip() != "纪要", minutes
    expected = {
        minutes
        for minutes in Minutes.objects.published().filter(association__community=staff.community)
        if "纪要" in minutes.title + minutes.agenda + minutes.discussion
    }
    assert expected and expected <= set(found)
