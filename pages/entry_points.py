"""The home page's ways in: one per capability that has a live page, never a dead link.

Each capability declares its own (``entry_points`` in its AppConfig's capability)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal import capabilities


def entry_points(home):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    declared = []
    for point in capabilities.entry_points():
        try:
            declared.append((apps.get_model(point.page_model), point))
        except LookupError:
            continue
    kinds = ContentType.objects.get_for_models(*(model for model, _point in declared))
    first = {}  # the first live, public page of each kind, in tree order: one query for all
    pages = Page.objects.live().public().descendant_of(home).filter(content_type__in=kinds.values())
    for page in pages.order_by("path"):
        first.setdefault(page.content_type_id, page)
    points = [
        {
            "title": point.title,
            "description": point.description,
            "icon": point.icon,
            "url": first[kinds[model].pk].url,
        }
        for model, point in declared
        if kinds[model].pk in first
    ]
    try:
        search_url = reverse("search")
    except NoReverseMatch:  # until the search page is installed
        search_url = None
    if search_url:
        points.append(
            {
                "title": _("Search"),
                "description": _("Find covenant clauses, matters, minutes and courses"),
                "icon": "",
                "url": search_url,
            }
        )
    return points
