from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class BasePage(Page):
    """Fields every content page has: a short introduction and a body."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The community's front page: its name and the ways into everything else."""

    community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("community")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page a URL names by its stored URL path, in one query (Wagtail walks the
        tree one level, and one query, at a time). The page found still routes itself, so
        its own checks (live, sub-routes) apply; anything not found takes Wagtail's walk."""
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = Page.objects.filter(url_path=url_path).specific().first()
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from portal.capabilities import now_items

        from .entry_points import entry_points

        context = super().get_context(request, *args, **kwargs)
        context["entry_points"] = entry_points(self)
        context["now_items"] = now_items(request)
        return context


class StandardPage(BasePage):
    class Meta:
        verbose_name = _("standard page")
