"""The capability registry: each app declares what it adds once, and the portal reads it."""

import ast
from pathlib import Path

import pytest
from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.urls import NoReverseMatch, path, reverse

from portal import capabilities
from portal.capabilities import Capability, EntryPoint, NowItem, SearchGroup, WorkItem
from tests.installing import install_app


def test_every_app_declares_its_capability_in_installed_apps_order():
    names = [config.name for config, _capability in capabilities.capabilities()]
    assert {"governance", "governance.covenant", "training", "pages"} <= set(names)
    assert names == [name for name in settings.INSTALLED_APPS if name in names]


def test_search_groups_and_ways_in_come_in_their_declared_order():
    assert [group.key for group in capabilities.search_groups()] == [
        "clauses",
        "matters",
        "minutes",
        "courses",
        "associations",
        "pages",  # every other page type: last
    ]
    assert [point.page_model for point in capabilities.entry_points()] == [
        "covenant.CovenantPage",
        "governance.SessionIndexPage",
        "training.CourseIndexPage",
        "associations.AssociationIndexPage",
    ]


def test_each_app_s_urls_are_mounted_under_its_prefix():
    assert reverse("governance:suggest") == "/governance/suggest/"
    assert reverse("covenant:compare_query") == "/covenant/compare/"
    assert reverse("training:classes") == "/training/classes/"
    assert reverse("associations:feed_rss") == "/associations/feed/rss/"
    assert reverse("training:classes").startswith("/training/")


def test_demo_content_is_built_in_installed_apps_order():
    modules = [build.__module__ for build in capabilities.demo_builders()]
    # The associations' minutes link the matters governance built before them.
    assert modules.index("governance.demo") < modules.index("pages.demo")
    assert [build.__module__ for build in capabilities.demo_builders("training")] == [
        "training.demo"
    ]


def test_the_site_s_declarations_pass_the_system_check():
    assert capabilities.check_capabilities() == []


# A second app, declared here, for what no app of the site declares yet.
app_name = "worktest"
urlpatterns = [path("", lambda request: HttpResponse("work"), name="home")]


def in_the_hall(user):
    return [WorkItem("Sweep the hall", 2, "/hall/", order=50), WorkItem("Answer mail", 1, "/m/")]


def at_the_desk(user):
    return [WorkItem("Approve minutes", 3, "/minutes/", order=50)] if user else []


def today(request):
    return [
        NowItem("Market day", "Until noon", "/market/", "Go", order=5, kind="market"),
        NowItem("Hall open", order=200, kind="hall"),
    ]


def figures(communities, quarter):
    return [(quarter, len(communities))]


def my_data(user):
    return {"name": user}


def forget(user):
    user.forgotten = True


class WorkConfig(AppConfig):
    name = "tests.portal"
    label = "worktest"
    capability = Capability(
        urls=(("work/", "tests.portal.test_capabilities"),),
        workbench=(
            "tests.portal.test_capabilities.in_the_hall",
            "tests.portal.test_capabilities.at_the_desk",
        ),
        now=("tests.portal.test_capabilities.today",),
        dashboard=("tests.portal.test_capabilities.figures",),
        personal_data=("tests.portal.test_capabilities.my_data",),
        erase_personal_data=("tests.portal.test_capabilities.forget",),
        search_groups=(SearchGroup("work", "Work", ("portal.Notification",), order=1),),
    )


def test_the_registry_follows_installed_apps():
    with install_app("tests.portal.test_capabilities.WorkConfig"):
        assert capabilities.capabilities()[-1][0].label == "worktest"
        assert capabilities.search_groups()[0].key == "work"
        assert reverse("worktest:home") == "/work/"

    assert "worktest" not in [config.label for config, _c in capabilities.capabilities()]
    assert "work" not in [group.key for group in capabilities.search_groups()]
    with pytest.raises(NoReverseMatch):
        reverse("worktest:home")


def test_workbench_dashboard_and_personal_data_gather_every_app_s_answers():
    from django.contrib.auth.models import AnonymousUser

    with install_app("tests.portal.test_capabilities.WorkConfig"):
        # (Signed out, the site's own apps have nothing for this person to do.)
        assert capabilities.workbench_items(AnonymousUser()) == [
            WorkItem("Approve minutes", 3, "/minutes/", order=50),
            WorkItem("Sweep the hall", 2, "/hall/", order=50),
            WorkItem("Answer mail", 1, "/m/"),
        ]
        assert ("2026Q1", 2) in capabilities.dashboard_figures(["a", "b"], "2026Q1")
        # The other apps' exporters and erasers need a real person: call only this one's.
        (export,) = [f for f in capabilities.personal_data_exporters() if f is my_data]
        assert export("刘大姐") == {"name": "刘大姐"}
        assert capabilities.personal_data_erasers()[-1] is forget


def test_now_items_gather_every_app_s_by_order_and_kind(rf, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with install_app("tests.portal.test_capabilities.WorkConfig"):
        items = capabilities.now_items(request)
        assert items[0].text == "Market day" and items[-1].text == "Hall open"
        assert [i.text for i in capabilities.now_items(request, kinds={"hall"})] == ["Hall open"]
    assert "Market day" not in [item.text for item in capabilities.now_items(request)]


class BadConfig(AppConfig):
    name = "tests.portal"
    label = "badtest"
    capability = Capability(
        urls=(("/bad", "tests.portal.test_capabilities"), ("governance/", "governance.urls")),
        clock_changes=("tests.portal.test_capabilities.no_such_function",),
        search_groups=(SearchGroup("matters", "Matters again", ("badtest.Nothing",)),),
        entry_points=(EntryPoint("nolabel", "Nowhere", ""),),
    )


def test_the_system_check_names_every_mistake_in_a_declaration():
    with install_app("tests.portal.test_capabilities.BadConfig"):
        errors = capabilities.check_capabilities()

    messages = {(error.id, error.msg.split(": ", 1)[1].split(":")[0]) for error in errors}
    assert messages == {
        ("capabilities.E001", "cannot import 'tests.portal.test_capabilities.no_such_function'"),
        ("capabilities.E002", "URL prefix '/bad' must read 'name/'"),
        ("capabilities.E003", "URL prefix 'governance/' is declared by governance too"),
        ("capabilities.E003", "search group 'matters' is declared by governance too"),
        ("capabilities.E004", "no installed model 'badtest.Nothing'"),
        ("capabilities.E004", "no installed model 'nolabel'"),
    }


class NotACapabilityConfig(AppConfig):
    name = "tests.portal"
    label = "notacapability"
    capability = {"urls": []}


def test_a_capability_must_be_declared_with_the_dataclass():
    with (
        pytest.raises(ImproperlyConfigured, match="must be a portal.capabilities.Capability"),
        install_app("tests.portal.test_capabilities.NotACapabilityConfig"),
    ):
        capabilities.capabilities()
    assert "notacapability" not in [config.label for config, _c in capabilities.capabilities()]


def test_the_portal_names_no_app():
    """The portal reads the registry: no import of an app and no app's label in its code
    (docstrings and comments may give examples); its settings wire the apps in."""
    portal = Path(settings.BASE_DIR) / "portal"
    # Apps under portal/ (portal.privacy) are part of the platform, not apps it must not name.
    declared = [
        config
        for config, _c in capabilities.capabilities()
        if not config.name.startswith("portal.")
    ]
    apps = {config.name.split(".")[0] for config in declared}
    apps |= {config.label for config in declared}
    found = []
    for file in portal.rglob("*.py"):
        if {"settings", "migrations"} & set(file.relative_to(portal).parts):
            continue
        tree = ast.parse(file.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [] if id(node) in docstrings else [node.value]
            else:
                continue
            found += [
                f"{file.relative_to(portal)}:{node.lineno}: {name}"
                for name in names
                if name.split(".")[0].split(":")[0] in apps
            ]
    assert found == []


def test_load_demo_names_an_app_without_demo_content_instead_of_building_nothing(db):
    with pytest.raises(CommandError, match="No demo content in nosuchapp; apps with some: "):
        call_command("load_demo", "nosuchapp")
