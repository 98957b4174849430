"""The home page's ways in: one per capability that has a live page, never a dead link."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (page model label, title, description); a capability adds its index page model here.
ENTRY_POINT_PAGES = [
    ("covenant.CovenantPage", _("Residents' covenant"), _("Read and adopt our shared rules")),
    ("governance.SessionIndexPage", _("Quarterly sessions"), _("One matter, one discussion")),
    ("training.CourseIndexPage", _("Population school"), _("Courses for every stage of life")),
    (
        "associations.AssociationIndexPage",
        _("Migrant associations"),
        _("Markets, sites, compounds"),
    ),
]


def entry_points(home):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    models = []
    for label, title, description in ENTRY_POINT_PAGES:
        try:
            models.append((apps.get_model(label), title, description))
        except LookupError:
            continue
    kinds = ContentType.objects.get_for_models(*(model for model, _t, _d in models))
    first = {}  # the first live, public page of each kind, in tree order: one query for all
    pages = Page.objects.live().public().descendant_of(home).filter(content_type__in=kinds.values())
    for page in pages.order_by("path"):
        first.setdefault(page.content_type_id, page)
    points = [
        {"title": title, "description": description, "url": first[kinds[model].pk].url}
        for model, title, description in models
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
                "url": search_url,
            }
        )
    return points
