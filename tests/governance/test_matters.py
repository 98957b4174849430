import io
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Matter
from portal.factories import CommunityFactory, UserFactory
from portal.models import Notification

FORM = {"title": "楼道堆放杂物", "description": "影响消防通道。", "category": "safety"}


def png(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def collecting(clock, session):
    clock.to_phase("collecting")
    return session


def submit(client, session, **extra):
    return client.post(reverse("governance:submit", args=[session.pk]), {**FORM, **extra})


def test_resident_submits_a_matter_that_waits_for_triage(client, collecting, resident):
    client.force_login(resident)
    response = submit(client, collecting, photo=png())
    matter = Matter.objects.get(title=FORM["title"])
    assert response.url == matter.get_absolute_url()
    assert (matter.state, matter.author, matter.session) == ("new", resident, collecting)
    assert matter.photo.name.startswith("matters/")
    # Not public until triaged: the session page does not list it, others get a 404.
    client.logout()
    assert FORM["title"] not in client.get(collecting.url).text
    assert client.get(matter.get_absolute_url()).status_code == 404


def test_the_limit_per_person_has_a_clear_message(client, collecting, resident):
    collecting.matter_limit = 2
    collecting.save_revision().publish()
    client.force_login(resident)
    for i in range(2):
        submit(client, collecting, title=f"议题 {i}")
    response = submit(client, collecting, title="第三个")
    assert response.status_code == 200
    assert Matter.objects.filter(author=resident).count() == 2
    with translation.override("zh-hans"):
        message = gettext(
            "You have already submitted %(limit)s matters to this session, the most one "
            "person may. You can still comment on and vote for other matters."
        ) % {"limit": 2}
    assert message in response.text


def test_at_the_limit_the_session_and_the_form_say_so_before_anything_is_written(
    client, collecting, resident
):
    collecting.matter_limit = 1
    collecting.save_revision().publish()
    client.force_login(resident)
    submit_url = reverse("governance:submit", args=[collecting.pk])
    assert submit_url in client.get(collecting.url).text
    assert 'name="title"' in client.get(submit_url).text
    submit(client, collecting, title="议题")

    with translation.override("zh-hans"):
        message = gettext(
            "You have already submitted %(limit)s matters to this session, the most one "
            "person may. You can still comment on and vote for other matters."
        ) % {"limit": 1}
    session_page = client.get(collecting.url).text
    assert message in session_page and submit_url not in session_page
    form_page = client.get(submit_url).text
    assert message in form_page and 'name="title"' not in form_page


def test_the_limit_holds_when_another_submission_lands_after_the_form_check(collecting, resident):
    """The form validates the matter only: the limit is the service's, counted under a lock."""
    from governance import services
    from governance.forms import MatterForm

    collecting.matter_limit = 1
    form = MatterForm(FORM, session=collecting, author=resident)
    assert form.is_valid()  # nothing submitted yet
    MatterFactory(session=collecting, author=resident, state="new")  # a concurrent request won
    with pytest.raises(services.MatterLimitReached):
        services.submit_matter(form)
    assert Matter.objects.filter(author=resident, session=collecting).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_submissions_never_pass_the_limit():
    """Twelve submissions at once from one person, each on its own connection: exactly three."""
    community = CommunityFactory()
    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    # Collecting is open now (threads do not share a patched clock, so the dates move instead).
    session = SessionPageFactory(
        parent=index, community=community, collecting_starts=timezone.now() - timedelta(days=1)
    )
    author = UserFactory(community=community)
    url = reverse("governance:submit", args=[session.pk])
    attempts = 12
    barrier = threading.Barrier(attempts)
    responses, errors = [], []

    def click(i):
        try:
            client = Client()
            client.force_login(author)
            barrier.wait()
            responses.append(client.post(url, {**FORM, "title": f"议题 {i}"}))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Matter.objects.filter(session=session, author=author).count() == 3
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (attempts - 3) + [302] * 3
    with translation.override("zh-hans"):
        message = gettext(
            "You have already submitted %(limit)s matters to this session, the most one "
            "person may. You can still comment on and vote for other matters."
        ) % {"limit": 3}
    assert all(message in r.text for r in responses if r.status_code == 200)


@pytest.mark.parametrize(
    "photo",
    [
        SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png"),
        SimpleUploadedFile(
            "photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"
        ),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_saved(client, collecting, resident, photo):
    client.force_login(resident)
    response = submit(client, collecting, photo=photo)
    assert response.status_code == 200
    assert 'class="error"' in response.text
    assert not Matter.objects.exists()


def test_anyone_can_use_the_suggestion_box_and_it_is_never_published(client, community, staff):
    response = client.post(reverse("governance:suggest"), {**FORM, "community": community.pk})
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert (matter.state, matter.author, matter.from_suggestion_box) == ("new", None, True)
    assert client.get(matter.get_absolute_url()).status_code == 404
    assert FORM["title"] not in client.get(reverse("governance:feed_matters")).text
    client.force_login(staff)
    assert FORM["title"] in client.get(reverse("governance:triage")).text


def test_suggestion_box_is_rate_limited(client, community):
    data = {**FORM, "community": community.pk}
    for _ in range(5):
        assert client.post(reverse("governance:suggest"), data).status_code == 302
    response = client.post(reverse("governance:suggest"), data)
    assert response.status_code == 429
    assert Matter.objects.count() == 5


def test_suggestion_box_rejects_bad_input_without_saving(client, community):
    response = client.post(reverse("governance:suggest"), {"title": "", "category": "nonsense"})
    assert response.status_code == 200
    assert not Matter.objects.exists()


def test_staff_merge_points_to_the_duplicate_and_tells_the_author(
    client, clock, session, resident, staff
):
    clock.to_phase("discussion")
    target = MatterFactory(session=session)
    duplicate = MatterFactory(session=session, author=resident, state="new")
    client.force_login(staff)
    client.post(
        reverse("governance:triage_matter", args=[duplicate.pk]),
        {"decision": "merge", "merge_into": target.pk},
    )
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into) == ("merged", target)
    assert Notification.objects.filter(
        recipient=resident, url=duplicate.get_absolute_url()
    ).exists()
    client.force_login(resident)
    page = client.get(reverse("governance:my_matters")).text
    assert target.get_absolute_url() in page
    assert target.get_absolute_url() in client.get(duplicate.get_absolute_url()).text


def test_staff_decline_needs_a_reason_and_the_author_sees_it(
    client, clock, session, resident, staff
):
    clock.to_phase("collecting")
    matter = MatterFactory(session=session, author=resident, state="new")
    client.force_login(staff)
    url = reverse("governance:triage_matter", args=[matter.pk])
    response = client.post(url, {"decision": "decline", "reason": ""})
    assert response.status_code == 200
    matter.refresh_from_db()
    assert matter.state == "new"
    client.post(url, {"decision": "decline", "reason": "这件事归街道办管。"})
    matter.refresh_from_db()
    assert (matter.state, matter.decline_reason) == ("declined", "这件事归街道办管。")
    assert Notification.objects.filter(recipient=resident).exists()
    client.force_login(resident)
    assert "这件事归街道办管。" in client.get(reverse("governance:my_matters")).text
    client.logout()
    assert client.get(matter.get_absolute_url()).status_code == 404


def test_accepting_creates_the_tally_and_publishes(client, clock, session, resident, staff):
    clock.to_phase("collecting")
    matter = Matter.objects.create(
        community=session.community,
        author=resident,
        title="议事箱",
        description="…",
        category="other",
    )
    client.force_login(staff)
    client.post(
        reverse("governance:triage_matter", args=[matter.pk]),
        {"decision": "accept", "session": session.pk},
    )
    matter.refresh_from_db()
    assert matter.state == "accepted" and matter.tally.online_for == 0
    client.logout()
    assert client.get(matter.get_absolute_url()).status_code == 200
    assert matter.title in client.get(reverse("governance:feed_matters")).text


def test_follow_up_shows_on_the_matter_and_the_list(client, clock, session, matter, staff):
    clock.to_phase("results")
    client.force_login(staff)
    client.post(
        reverse("governance:follow_up", args=[matter.pk]),
        {"status": "in_progress", "note": "已开工。", "response": "采纳并落实。"},
    )
    client.logout()
    page = client.get(matter.get_absolute_url()).text
    assert "已开工。" in page and "采纳并落实。" in page
    listing = client.get(reverse("governance:follow_up_list", args=[session.pk])).text
    assert "已开工。" in listing


def test_a_matter_photo_is_shown_only_to_those_who_may_see_the_matter(
    client, collecting, resident, other_verified_resident, settings
):
    client.force_login(resident)
    submit(client, collecting, photo=png())
    matter = Matter.objects.get(title=FORM["title"])
    photo_url = reverse("governance:matter_photo", args=[matter.pk])

    assert photo_url in client.get(matter.get_absolute_url()).text
    assert client.get(photo_url).status_code == 200
    # Kept outside MEDIA_ROOT, so the web server cannot hand it to anyone.
    assert not str(matter.photo.path).startswith(str(settings.MEDIA_ROOT))
    client.force_login(other_verified_resident)
    assert client.get(photo_url).status_code == 404
