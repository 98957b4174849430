"""The toy capability's demo item: its page under the home page and one note."""

from wagtail.models import Site

from . import services
from .models import ToyIndexPage, ToyNote

NOTE = "Kaleidoscope swap on Saturday"


def build(context):
    home = Site.objects.get(is_default_site=True).root_page
    if not ToyIndexPage.objects.exists():
        home.add_child(instance=ToyIndexPage(title="Toy corner", slug="toys"))
    if not ToyNote.objects.filter(title=NOTE).exists():
        services.add_note(context.residents[0], NOTE, "Bring a kaleidoscope, take another.")
