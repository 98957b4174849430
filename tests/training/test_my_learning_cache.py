""" "My learning" is kept per person (portal.caching.cache_for_user): what the learner does
shows there at once."""

from django.test import Client
from django.urls import reverse


def test_enrolling_and_completing_show_at_once_on_my_learning(resident, course, lessons):
    client = Client()
    client.force_login(resident)
    url = reverse("training:my_learning")
    client.get(url)  # sets the CSRF cookie
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.post(reverse("training:enrol", args=[course.pk]))
    client.cookies.pop("messages", None)
    page = client.get(url)
    assert page.get("X-Page-Cache") != "hit" and course.title in page.text
    client.post(reverse("training:complete_lesson", args=[lessons[0].pk]))
    client.cookies.pop("messages", None)
    page = client.get(url)
    assert page.get("X-Page-Cache") != "hit"
    assert page.context["enrolments"][0].progress()[0] == 1
