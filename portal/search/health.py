"""Is search working? One answer for ``manage.py check``, the Wagtail admin's dashboard
(superusers) and the search page: an index directory that is missing, damaged or not
writable, and objects waiting to be indexed again (``records.PendingReindex``).
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelsearch.backends import import_backend
from modelsearch.backends.base import get_model_root
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from wagtail import hooks
from wagtail.admin.ui.components import Component
from whoosh import index as whoosh_index

from . import records
from .backend import WhooshSearchBackend
from .resilient import ResilientIndex

REBUILD = "python manage.py update_index"


@dataclass
class Problem:
    kind: str  # missing, damaged, unwritable, pending
    message: str
    index: str = ""


def _indexes():
    """``(backend, indexes)`` of the default backend's indexes on local files (none for
    another backend). Without starting the backend: that loads jieba's dictionary, a second
    or so added to every ``manage.py`` command that runs the checks."""
    params = get_app_config().get_search_backend_config()["default"]
    backend_class = import_backend(params["BACKEND"])
    if not issubclass(backend_class, WhooshSearchBackend):
        return None, []
    backend = SimpleNamespace(
        path=Path(params.get("PATH") or Path(settings.BASE_DIR) / "var" / "search_index"),
        index_name=params.get("INDEX", "yishi"),
    )
    roots = dict.fromkeys(get_model_root(model) for model in get_indexed_models())
    return backend, [ResilientIndex(backend, root) for root in roots]


def file_problems():
    """What is wrong with the index's files, read from the disk alone."""
    backend, indexes = _indexes()
    if not indexes:
        return []
    path = Path(backend.path)
    if not path.is_dir():
        return [
            Problem(
                "missing",
                _("The search index directory %(path)s is missing: searches find nothing.")
                % {"path": path},
            )
        ]
    found = []
    for index in indexes:
        if not index.link.exists():
            found.append(
                Problem(
                    "missing",
                    _("The search index %(name)s is missing.") % {"name": index.name},
                    index.name,
                )
            )
        elif not _opens(index.link):
            found.append(
                Problem(
                    "damaged",
                    _("The search index %(name)s is damaged.") % {"name": index.name},
                    index.name,
                )
            )
    directories = [path, *(Path(os.path.realpath(i.link)) for i in indexes if i.link.exists())]
    unwritable = [str(d) for d in directories if not _writable(d)]
    if unwritable:
        found.append(
            Problem(
                "unwritable",
                _(
                    "The search index cannot be written (%(paths)s): changes wait in the "
                    "database until it can."
                )
                % {"paths": ", ".join(unwritable)},
            )
        )
    return found


def pending_problems():
    count = records.PendingReindex.objects.count()
    if not count:
        return []
    return [
        Problem(
            "pending",
            ngettext(
                "%(count)d changed object waits to be indexed again.",
                "%(count)d changed objects wait to be indexed again.",
                count,
            )
            % {"count": count},
        )
    ]


def problems():
    return file_problems() + pending_problems()


def _opens(directory):
    try:
        if not whoosh_index.exists_in(str(directory)):
            return False
        whoosh_index.open_dir(str(directory)).doc_count()
    except Exception:  # a damaged index fails in many ways; all of them mean "rebuild"
        return False
    return True


def _writable(directory):
    """Really create a file: ``os.access`` says yes to root, whatever the file system says."""
    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-probe-"):
            return True
    except OSError:
        return False


# manage.py check -------------------------------------------------------------------
#
# From the files alone a missing index may be a new site's (update_index not run yet) or a
# lost one, so it is only noted (I101); with the database (``check --database default``)
# an index missing after update_index built it is a warning (W101).

_CHECK_IDS = {"damaged": "portal.W102", "unwritable": "portal.W103"}


def _hint(problem):
    if problem.kind == "unwritable":
        return _("Fix the directory's owner and permissions, then run “%(command)s”.") % {
            "command": REBUILD
        }
    return _("Run “%(command)s”; changes made meanwhile are kept and indexed then.") % {
        "command": REBUILD
    }


@checks.register("search")
def check_search_index(app_configs=None, **kwargs):
    messages = []
    for problem in file_problems():
        if problem.kind == "missing":
            messages.append(checks.Info(problem.message, hint=_hint(problem), id="portal.I101"))
        else:
            messages.append(
                checks.Warning(problem.message, hint=_hint(problem), id=_CHECK_IDS[problem.kind])
            )
    return messages


@checks.register("search", checks.Tags.database)
def check_search_index_records(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    try:
        built = set(records.SearchIndexBuild.objects.values_list("index", flat=True))
        pending = pending_problems()
    except DatabaseError:  # not migrated yet: ``migrate`` runs the checks before it migrates
        return []
    lost = [
        problem
        for problem in file_problems()
        if problem.kind == "missing" and (not problem.index or problem.index in built) and built
    ]
    messages = [checks.Warning(p.message, hint=_hint(p), id="portal.W101") for p in lost]
    for problem in pending:
        hint = _("Run “%(command)s” once the index can be written.") % {
            "command": "python manage.py reindex_pending"
        }
        messages.append(checks.Warning(problem.message, hint=hint, id="portal.W104"))
    return messages


# The Wagtail admin's dashboard ----------------------------------------------------


class SearchHealthPanel(Component):
    name = "search_health"
    template_name = "portal/admin/search_health_panel.html"
    order = 50

    def __init__(self, found):
        self.problems = found

    def get_context_data(self, parent_context):
        return {"problems": self.problems, "rebuild": REBUILD}


@hooks.register("construct_homepage_panels")
def add_search_health_panel(request, panels):
    if request.user.is_superuser:
        found = problems()
        if found:
            panels.append(SearchHealthPanel(found))
