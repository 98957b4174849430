"""The search index failing: an unwritable, missing or damaged index directory is reported
(manage.py check, the admin's dashboard), search says it is being rebuilt instead of failing
or finding nothing, and every change made meanwhile is indexed once the index is back
(portal/search/resilient.py, health.py, views.py)."""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from modelsearch.backends import get_search_backend
from wagtail.models import Page, Site

from pages.models import StandardPage
from portal.search import health
from portal.search.records import PendingReindex, SearchIndexBuild

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=电梯"
REBUILDING = "搜索正在重建"  # "Search is being rebuilt"


@pytest.fixture
def index_path(settings, tmp_path):
    """The site's search backend with its index in a fresh directory, built by update_index."""
    path = tmp_path / "search_index"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.resilient", "PATH": path, "INDEX": "faults"}
    }
    return path


@pytest.fixture
def built(index_path):
    call_command("update_index", verbosity=0)
    return index_path


def add_notice(title):
    home = Site.objects.get(is_default_site=True).root_page
    return home.add_child(instance=StandardPage(title=title, slug=f"notice-{abs(hash(title))}"))


def found(client, query="电梯"):
    response = client.get(f"/search/?q={query}&type=pages")
    assert response.status_code == 200
    return response.text


def _probe(directory):
    try:
        with tempfile.NamedTemporaryFile(dir=directory):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def unwritable(path):
    """Make ``path`` and every directory under it unwritable, for root too (chattr +i)."""
    directories = [path, *(Path(d) for d in _directories_under(path))]
    as_root = os.geteuid() == 0
    for directory in directories:
        if as_root:
            subprocess.run(["chattr", "+i", str(directory)], check=True)
        else:
            directory.chmod(0o555)
    try:
        assert not any(_probe(d) for d in directories), "could not make the index unwritable"
        yield
    finally:
        for directory in directories:
            if as_root:
                subprocess.run(["chattr", "-i", str(directory)], check=True)
            else:
                directory.chmod(0o755)


def _directories_under(path):
    found = [os.path.join(root, name) for root, dirs, _ in os.walk(path) for name in dirs]
    return [d for d in found if not os.path.islink(d)]  # the indexes' links to generations


# An index that cannot be written --------------------------------------------------


def test_changes_made_while_the_index_is_unwritable_are_kept_and_indexed_later(built, client):
    with unwritable(built):
        page = add_notice("电梯维修通知")  # saving the page still works

        assert Page.objects.filter(pk=page.pk).exists()
        assert PendingReindex.objects.filter(object_pk=str(page.pk)).exists()
        text = found(client)
        assert REBUILDING in text  # the results say they may be behind
        assert {p.kind for p in health.problems()} >= {"unwritable", "pending"}
        reported = checks.run_checks(tags=["search"], databases=["default"])
        assert {"portal.W103", "portal.W104"} <= {m.id for m in reported}

    call_command("reindex_pending", verbosity=0)

    assert not PendingReindex.objects.exists()
    text = found(client)
    assert "电梯维修通知" in text and REBUILDING not in text


def test_update_index_also_brings_back_what_was_written_meanwhile(built, client):
    with unwritable(built):
        add_notice("电梯维修通知")
        add_notice("电梯加装意见征集")
    call_command("update_index", verbosity=0)
    text = found(client)
    assert "电梯维修通知" in text and "电梯加装意见征集" in text
    assert not PendingReindex.objects.exists()


def test_the_next_successful_write_brings_the_queue_in_too(built, client):
    with unwritable(built):
        add_notice("电梯维修通知")
    add_notice("电梯加装意见征集")
    text = found(client)
    assert "电梯维修通知" in text and "电梯加装意见征集" in text


def test_a_page_deleted_while_the_index_is_unwritable_leaves_it_later(built, client):
    page = add_notice("电梯维修通知")
    assert "电梯维修通知" in found(client)
    with unwritable(built):
        page.delete()
    call_command("reindex_pending", verbosity=0)
    index = get_search_backend().get_index_for_model(Page)
    assert index.searcher().document_number(id=f"wagtailcore.page:{page.pk}") is None


# A missing or damaged index -------------------------------------------------------


def test_a_missing_index_directory_says_search_is_being_rebuilt(built, client):
    add_notice("电梯维修通知")
    shutil.rmtree(built)

    response = client.get(SEARCH)

    assert response.status_code == 503
    assert REBUILDING in response.text
    suggest = client.get("/search/suggest/?q=电梯")
    assert suggest.status_code == 503 and suggest.json()["suggestions"] == []
    assert not built.exists()  # not silently created again, empty


def test_a_missing_index_is_reported_by_check_and_not_recreated_by_writes(built, client):
    shutil.rmtree(built)
    assert [m.id for m in health.check_search_index()] == ["portal.I101"]  # new, or lost?
    reported = checks.run_checks(tags=["search"], databases=["default"])
    assert "portal.W101" in [m.id for m in reported]  # lost: update_index had built it

    add_notice("电梯维修通知")  # written while the index is gone

    assert client.get(SEARCH).status_code == 503
    assert PendingReindex.objects.exists()
    call_command("update_index", verbosity=0)
    assert "电梯维修通知" in found(client)
    assert health.problems() == []


def test_a_damaged_index_says_search_is_being_rebuilt(built, client):
    add_notice("电梯维修通知")
    generation = Path(os.path.realpath(get_search_backend().get_index_for_model(Page).link))
    for toc in generation.glob("_MAIN_*.toc"):
        toc.unlink()

    response = client.get(SEARCH)

    assert response.status_code == 503 and REBUILDING in response.text
    assert "damaged" in [p.kind for p in health.problems()]
    call_command("update_index", verbosity=0)
    assert "电梯维修通知" in found(client)


def test_a_new_site_builds_its_index_on_first_use(index_path, client):
    """Before update_index ever ran there is nothing to lose: the index is simply made."""
    assert not SearchIndexBuild.objects.exists()
    add_notice("电梯维修通知")
    assert "电梯维修通知" in found(client)


def test_superusers_see_the_problem_on_the_admin_dashboard(built, client, superuser, settings):
    settings.YISHI_ADMIN_REQUIRES_MFA = False
    shutil.rmtree(built)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "search-health" in response.text
    assert "python manage.py update_index" in response.text
