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
