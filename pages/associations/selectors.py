"""What association pages offer the rest of the site: reads only. Writes are in
``services.py``."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.boundary import near
from portal.capabilities import NowItem

from .models import Minutes


def now_items(request):
    """The latest public minutes near the person (their community's when they have one),
    for ``portal.capabilities.now_items``."""
    user = request.user
    minutes = near(Minutes.objects.public().filter(association__live=True), user)
    latest = minutes.select_related("association").order_by("-held_on", "-pk").first()
    if latest is None:
        return []
    return [
        NowItem(
            _("Latest minutes: %(association)s · %(title)s")
            % {"association": latest.association.title, "title": latest.title},
            date_format(latest.held_on, "Y-m-d"),
            latest.get_absolute_url(),
            _("Read the minutes"),
            order=50,
            kind="minutes",
        )
    ]
