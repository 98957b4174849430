"""The toy capability's writes, and what it tells the portal (as declared in apps.py)."""

from django.db import transaction
from django.urls import reverse

from portal.caching import next_moment
from portal.capabilities import WorkItem

from .models import ToyNote


def add_note(author, title, body="", shown_until=None):
    with transaction.atomic():
        return ToyNote.objects.create(
            author=author, title=title, body=body, shown_until=shown_until
        )


def next_clock_change(now):
    return next_moment(ToyNote.objects.all(), ["shown_until"], now)


def workbench(user):
    if not user.is_staff:
        return []
    return [WorkItem("Toy notes to read", ToyNote.objects.count(), reverse("toycap:notes"))]


def figures(communities, quarter):
    return [("Toy notes", ToyNote.objects.count())]


def personal_data(user):
    return {
        "toycap.ToyNote": list(ToyNote.objects.filter(author=user).values_list("title", flat=True))
    }


def forget_author(user):
    """Notes stay on the board without their author."""
    ToyNote.objects.filter(author=user).update(author=None)
