"""Adding a capability touches only its own folder and ``INSTALLED_APPS`` (issue 12).

This folder is such a capability: a page type, a plain indexed model, a service, its URLs,
a clock change, a search group, a way in on the home page, a demo item, a workbench item,
a dashboard figure and personal data, all declared in ``apps.py``. The test adds the app to
``INSTALLED_APPS`` and nothing else, then finds each part where the site shows it.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal import caching, capabilities
from portal.personal_data.services import collect, erase
from tests.installing import install_app

# Creating the app's tables needs a transaction of its own on SQLite.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def toycap():
    with install_app("tests.toycap") as config:
        call_command("migrate", "toycap", verbosity=0)
        try:
            yield config
        finally:
            call_command("migrate", "toycap", "zero", verbosity=0)


def test_a_capability_added_to_installed_apps_shows_everywhere_it_declares(toycap, client):
    from tests.toycap import services
    from tests.toycap.demo import NOTE
    from tests.toycap.models import ToyIndexPage, ToyNote

    call_command("makemigrations", "toycap", "--check", "--dry-run", verbosity=0)
    call_command("load_demo", "toycap", stdout=io.StringIO())

    # The demo item, built through the service, and the page type.
    note = ToyNote.objects.get(title=NOTE)
    assert ToyIndexPage.objects.live().count() == 1
    assert NOTE in client.get("/toys/").text
    # The way in on the home page, before the search page's.
    home = client.get("/").text
    assert 'href="/toys/"' in home and "Toy corner" in home
    assert 'src="/static/toycap/toy.svg"' in home
    assert home.index('href="/toys/"') < home.index('href="/search/"')
    # Its URLs, mounted by the portal.
    assert client.get(f"/toy/notes/{note.pk}/").status_code == 200
    assert reverse("toycap:note", args=[note.pk]) == f"/toy/notes/{note.pk}/"
    # Its search group, which finds the note.
    found = client.get("/search/", {"q": "kaleidoscope"}).text
    assert "Toy notes" in found and f'href="/toy/notes/{note.pk}/"' in found

    # The page cache keeps pages only until the capability's next clock change.
    now = timezone.now()
    later = services.add_note(note.author, "Swap closes", shown_until=now + timedelta(hours=1))
    assert caching.next_clock_change(now) == later.shown_until

    # What the later consumers read: workbench, dashboard, "my data" and erasure.
    staff = type(note.author).objects.filter(is_staff=True).first()
    toy_work = [item for item in capabilities.workbench_items(staff) if "/toy/" in item.url]
    assert toy_work == [capabilities.WorkItem("Toy notes to read", 2, "/toy/notes/")]
    assert ("Toy notes", 2) in capabilities.dashboard_figures([], None)
    assert collect(note.author)["toycap.ToyNote"] == [NOTE, "Swap closes"]
    erase(note.author)
    note.refresh_from_db()
    assert note.author is None
