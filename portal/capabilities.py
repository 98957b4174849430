"""What each capability adds to the portal, declared once, in its own AppConfig.

An app says what it brings as a class attribute of its AppConfig::

    class GovernanceConfig(AppConfig):
        name = "governance"
        capability = Capability(
            urls=(("governance/", "governance.urls"),),
            clock_changes=("governance.phases.next_clock_change",),
            search_groups=(SearchGroup("matters", _("Matters"), ("governance.Matter",)),),
            entry_points=(EntryPoint("governance.SessionIndexPage", _("Sessions"), _("…")),),
            demo="governance.demo.build",
        )

Everything is named by a dotted path or a model label, so declaring imports no model
and no view. The portal reads the declarations through the functions below and so
never names an app: adding a capability touches only its own folder and
``INSTALLED_APPS``. ``check_capabilities`` (a system check) reports a path or label
that does not resolve, and two apps claiming the same URL prefix or search group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class EntryPoint:
    """A way in on the home page: a link to the first live, public page of ``page_model``."""

    page_model: str  # "app_label.Model" of the capability's index page
    title: str  # lazy-translated
    description: str
    icon: str = ""  # static path of a small SVG icon, optional
    order: int = 100


@dataclass(frozen=True)
class SearchGroup:
    """A group of results on the search page (``?type=key``). The group whose only model is
    ``wagtailcore.Page`` holds every page type that no other group names."""

    key: str
    label: str
    models: tuple[str, ...]  # model labels
    order: int = 100


@dataclass(frozen=True)
class WorkItem:
    """One line of a staff member's to-do list: what, how many, where to do it, and in
    which community (its name; empty for work that belongs to no community)."""

    label: str
    count: int
    url: str
    order: int = 100
    community: str = ""


@dataclass(frozen=True)
class NowItem:
    """One thing a person can do or see today, for the home page's "now" list: what
    (``text``), until when or how many (``detail``), where, and the button's words."""

    text: str
    detail: str = ""
    url: str = ""
    action_label: str = ""
    order: int = 100
    kind: str = ""  # e.g. "collecting", "voting", "results", "covenant", "class", "minutes"


@dataclass(frozen=True)
class SensitivePurpose:
    """A use of sensitive personal information (health, help for a family in difficulty)
    that a person agrees to separately, and may withdraw (``portal.privacy``). Each text
    is shown on the page that asks: say plainly what, why, who sees it and for how long."""

    key: str  # stored with each consent: never rename one in use
    title: str
    collected: str  # what is collected, and why
    seen_by: str  # who sees it
    kept_for: str  # how long it is kept


@dataclass(frozen=True)
class Capability:
    # (path prefix, urlconf module), mounted in i18n_patterns before Wagtail's catch-all
    urls: tuple[tuple[str, str], ...] = ()
    # fn(now) -> datetime | None: the next moment a page changes by the clock alone
    clock_changes: tuple[str, ...] = ()
    search_groups: tuple[SearchGroup, ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()
    # fn(user) -> list[WorkItem]: what this staff member has to do here
    workbench: tuple[str, ...] = ()
    # fn(request) -> list[NowItem]: what the person of ``request`` can do today
    now: tuple[str, ...] = ()
    # fn(context) building the app's demo content (context: portal.demo.DemoContext)
    demo: str | None = None
    # fn(communities, quarter) -> list of figures for the dashboard
    dashboard: tuple[str, ...] = ()
    # fn(user) -> dict: the person's data held by this app, for "my data" (portal/personal_data)
    personal_data: tuple[str, ...] = ()
    # fn(now) -> list[str]: once-a-day work (retention, purges); each line says what was done
    daily: tuple[str, ...] = ()
    # uses of sensitive personal information that need their own, withdrawable consent
    sensitive_purposes: tuple[SensitivePurpose, ...] = ()
    # fn(user): erase or anonymise this app's rows about the person, before the account goes
    # (called inside the one transaction of portal.personal_data.erase)
    erase_personal_data: tuple[str, ...] = ()
    # dotted paths of dicts: URL name → who may do what there (see portal/routes.py)
    routes: tuple[str, ...] = ()


@cache
def _declared() -> tuple[tuple[AppConfig, Capability], ...]:
    found = []
    for config in apps.get_app_configs():
        capability = getattr(config, "capability", None)
        if capability is None:
            continue
        if not isinstance(capability, Capability):
            raise ImproperlyConfigured(
                f"{type(config).__name__}.capability must be a portal.capabilities.Capability."
            )
        found.append((config, capability))
    return tuple(found)


def capabilities() -> list[tuple[AppConfig, Capability]]:
    """Every installed app's capability, in ``INSTALLED_APPS`` order."""
    return list(_declared())


@cache
def _functions(field: str) -> tuple[Callable[..., Any], ...]:
    paths = [path for _config, capability in _declared() for path in getattr(capability, field)]
    return tuple(import_string(path) for path in paths)


def clear() -> None:
    """Forget what was read (the installed apps changed)."""
    _declared.cache_clear()
    _functions.cache_clear()


def _installed_apps_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        clear()


setting_changed.connect(_installed_apps_changed, dispatch_uid="portal-capabilities")


def clock_changes() -> list[Callable[[datetime], datetime | None]]:
    """The functions that say when a page next changes by the clock alone."""
    return list(_functions("clock_changes"))


def search_groups() -> list[SearchGroup]:
    """Every declared search group, by ``order`` (ties in ``INSTALLED_APPS`` order)."""
    groups = [group for _config, capability in _declared() for group in capability.search_groups]
    return sorted(groups, key=lambda group: group.order)


def entry_points() -> list[EntryPoint]:
    """Every declared way in, by ``order`` (ties in ``INSTALLED_APPS`` order)."""
    points = [point for _config, capability in _declared() for point in capability.entry_points]
    return sorted(points, key=lambda point: point.order)


def workbench_items(user: Any) -> list[WorkItem]:
    """What ``user`` has to do, from every capability, by ``order`` then label."""
    items = [item for function in _functions("workbench") for item in function(user)]
    return sorted(items, key=lambda item: (item.order, str(item.label)))


def now_items(request: Any, kinds: Iterable[str] | None = None) -> list[NowItem]:
    """What the person of ``request`` can do today, from every capability, by ``order``
    (only the items of ``kinds`` when given)."""
    wanted = set(kinds) if kinds is not None else None
    items = [item for function in _functions("now") for item in function(request)]
    if wanted is not None:
        items = [item for item in items if item.kind in wanted]
    return sorted(items, key=lambda item: item.order)


def demo_builders(*app_labels: str) -> list[Callable[[Any], Any]]:
    """The demo builders in ``INSTALLED_APPS`` order (an app comes after those it builds
    on), only those of ``app_labels`` when any are named."""
    return [
        import_string(capability.demo)
        for config, capability in _declared()
        if capability.demo and (not app_labels or config.label in app_labels)
    ]


def url_patterns() -> list:
    """Each capability's URLs under its prefix, for ``portal/urls.py``."""
    from django.urls import include, path

    return [
        path(prefix, include(urlconf))
        for _config, capability in _declared()
        for prefix, urlconf in capability.urls
    ]


def dashboard_figures(communities: Iterable[Any], quarter: Any) -> list:
    """Every capability's figures for ``communities`` in ``quarter`` (INSTALLED_APPS order)."""
    return [
        figure for function in _functions("dashboard") for figure in function(communities, quarter)
    ]


def personal_data_exporters() -> list[Callable[[Any], dict]]:
    """The functions that return what each capability holds about a person."""
    return list(_functions("personal_data"))


def daily_jobs() -> list[Callable[[datetime], list[str]]]:
    """Every capability's once-a-day functions, in ``INSTALLED_APPS`` order (``manage.py
    daily`` runs them after the commands of ``YISHI_DAILY_JOBS``)."""
    return list(_functions("daily"))


def sensitive_purposes() -> dict[str, SensitivePurpose]:
    """Every declared use of sensitive personal information, by key."""
    return {
        purpose.key: purpose
        for _config, capability in _declared()
        for purpose in capability.sensitive_purposes
    }


def personal_data_erasers() -> list[Callable[[Any], None]]:
    """The functions that erase or anonymise what each capability holds about a person."""
    return list(_functions("erase_personal_data"))


def route_rules() -> dict[str, dict]:
    """The role × route table: the portal's own rows and every capability's
    (``portal/routes.py`` says what a row holds). A URL name declared twice is an error."""
    from .routes import PORTAL_ROUTES

    rules = dict(PORTAL_ROUTES)
    for config, capability in _declared():
        for path in capability.routes:
            for name, rule in import_string(path).items():
                if name in rules:
                    raise ImproperlyConfigured(f"{config.label}: route {name!r} declared twice.")
                rules[name] = rule
    return rules


def check_capabilities(app_configs: Iterable[AppConfig] | None = None, **kwargs: Any) -> list:
    """System check: every declared path and label resolves; no prefix or key is claimed twice."""
    errors: list[checks.CheckMessage] = []
    claimed: dict[tuple[str, str], str] = {}  # ("URL prefix" or "search group", name) → app label

    def claim(config: AppConfig, kind: str, name: str) -> None:
        owner = claimed.setdefault((kind, name), config.label)
        if owner != config.label:
            errors.append(_error(config, f"{kind} {name!r} is declared by {owner} too", "E003"))

    for config, capability in _declared():
        paths = [
            *capability.clock_changes,
            *capability.workbench,
            *capability.now,
            *capability.dashboard,
            *capability.personal_data,
            *capability.daily,
            *capability.erase_personal_data,
            *capability.routes,
            *([capability.demo] if capability.demo else []),
        ]
        for path in paths:
            try:
                import_string(path)
            except ImportError as exc:
                errors.append(_error(config, f"cannot import {path!r}: {exc}", "E001"))
        for prefix, _urlconf in capability.urls:
            if not prefix.endswith("/") or prefix.startswith("/"):
                errors.append(_error(config, f"URL prefix {prefix!r} must read 'name/'", "E002"))
            claim(config, "URL prefix", prefix)
        labels = [point.page_model for point in capability.entry_points]
        for purpose in capability.sensitive_purposes:
            claim(config, "sensitive purpose", purpose.key)
        for group in capability.search_groups:
            claim(config, "search group", group.key)
            labels.extend(group.models)
        for label in labels:
            try:
                apps.get_model(label)
            except (LookupError, ValueError):
                errors.append(_error(config, f"no installed model {label!r}", "E004"))
    return errors


def _error(config: AppConfig, message: str, code: str) -> checks.Error:
    return checks.Error(
        f"{config.label} capability: {message}", obj=config.name, id=f"capabilities.{code}"
    )
