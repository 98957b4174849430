import pytest
from modelsearch.backends import get_search_backend
from wagtail.models import Page


@pytest.fixture
def search_backend(settings, tmp_path):
    """The Whoosh backend as the site's default, with its index in a fresh directory."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.backend", "PATH": tmp_path / "search_index"},
    }
    return get_search_backend()


@pytest.fixture
def add_page(db, search_backend):
    """Create a page under the root; saving indexes it through Wagtail's signal handlers."""
    root = Page.get_first_root_node()

    def add(title, **kwargs):
        return root.add_child(instance=Page(title=title, **kwargs))

    return add
