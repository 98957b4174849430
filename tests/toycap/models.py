from django.conf import settings
from django.db import models
from django.urls import reverse
from wagtail.models import Page
from wagtail.search import index


class ToyIndexPage(Page):
    """A page type of the toy capability: the notes, newest first."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notes"] = ToyNote.objects.order_by("-pk")
        return context


class ToyNote(index.Indexed, models.Model):
    """A plain model that the search page finds in the toy capability's own group."""

    title = models.CharField(max_length=100)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shown_until = models.DateTimeField(null=True, blank=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
    ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toycap:note", args=[self.pk])
