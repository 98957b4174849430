"""The home page's ways in: one per capability that has a live page, never a dead link."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (page model label, title, description); a capability adds its index page model here.
ENTRY_POINT_PAGES = [
    ("covenant.CovenantPage", _("Residents' covenant"), _("Read and adopt our shared rules")),
    ("governance.SessionIndexPage", _("Quarterly sessions"), _("One matter, one discussion")),
    ("training.CourseIndexPage", _("Population school"), _("Courses for every stage of life")),
    ("pages.AssociationIndexPage", _("Migrant associations"), _("Markets, sites, compounds")),
]


def entry_points(home):
    from django.apps import apps

    points = []
    for label, title, description in ENTRY_POINT_PAGES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        page = model.objects.live().public().descendant_of(home).first()
        if page is not None:
            points.append({"title": title, "description": description, "url": page.url})
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
