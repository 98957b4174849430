"""Collect a person's data into an archive; erase a person (see ``portal.personal_data``)."""

import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import import_module
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.functional import Promise

from portal import audit, capabilities

from .models import PersonalDataExport

logger = logging.getLogger(__name__)

PREPARING_AT_MOST = timedelta(hours=1)
# The readable page is opened from the ZIP, away from the site: it brings its own style.
ARCHIVE_STYLE = (
    "body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.5}"
    "table{border-collapse:collapse;margin-bottom:1rem;width:100%}"
    "th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "th{width:30%}"
)


# What each capability hands over ---------------------------------------------------------


@dataclass
class Section:
    """One part of the export, as an exporter may give it instead of a bare list of rows:
    ``title`` heads it on the readable page (in the reader's words: "Your votes"), and
    ``labels`` name the keys of its rows that are not fields of the model."""

    title: str
    rows: list
    labels: dict = field(default_factory=dict)


def plain(value):
    """A value as ``data.json`` keeps it: text, a number, a truth value, lists and dicts."""
    if isinstance(value, Section):
        return plain(value.rows)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | Promise):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)


def rows(queryset, *fields, **computed):
    """``queryset``'s rows as dicts of ``fields`` (``values()`` lookups) and of ``computed``
    (``name=fn(obj)`` over each object), for an exporter."""
    if computed:
        return [
            {
                **{field: _follow(obj, field) for field in fields},
                **{name: fn(obj) for name, fn in computed.items()},
            }
            for obj in queryset
        ]
    return list(queryset.values(*fields))


def _follow(obj, lookup):
    for part in lookup.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj() if callable(obj) else obj


def collect(user):
    """Everything every capability holds about ``user``: ``{"app_label.Model": rows or
    Section}``, the portal's own part first."""
    from . import portal_data

    data = {}
    for export in (portal_data.export, *capabilities.personal_data_exporters()):
        data.update(export(user))
    return data


def sections(data):
    """``data`` as ``(heading, key, rows)`` for the readable page, in the order collected;
    each row a list of ``(label, text)``."""
    found = []
    for key, part in data.items():
        try:
            model = apps.get_model(key)
        except (LookupError, ValueError):
            model = None
        section = part if isinstance(part, Section) else Section(key, part)
        if section is not part and model is not None:
            section.title = model._meta.verbose_name_plural
        items = section.rows if isinstance(section.rows, list) else [section.rows]
        labelled = [
            [
                (_label(model, section.labels, name), _readable(value))
                for name, value in item.items()
            ]
            if isinstance(item, dict)
            else [("", _readable(item))]
            for item in items
        ]
        found.append((str(section.title), key, labelled))
    return found


def _readable(value):
    """A value as the reader sees it: times to the minute, nested rows on one line."""
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, date):
        return formats.date_format(value, "Y-m-d")
    if isinstance(value, dict):
        return ", ".join(str(_readable(item)) for item in value.values() if item is not None)
    if isinstance(value, list | tuple | set):
        return "; ".join(str(_readable(item)) for item in value) or None
    if isinstance(value, Promise):
        return str(value)
    return value


def _label(model, labels, name):
    """A row's key as a reader sees it: the exporter's label, or the model field's name."""
    if name in labels:
        return str(labels[name])
    if model is not None:
        try:
            return str(model._meta.get_field(name.split("__")[0]).verbose_name)
        except Exception:  # noqa: BLE001 - not a field: the key itself
            pass
    return name.replace("_", " ")


def build_archive(user):
    """The ZIP a person downloads: ``data.json`` for programs, ``index.html`` (with its
    ``style.css``) to read."""
    data = collect(user)
    generated = timezone.localtime()
    page = render_to_string(
        "portal/personal_data/archive.html",
        {"person": user, "sections": sections(data), "generated": generated},
    )
    document = {"generated": generated.isoformat(), "data": plain(data)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr("index.html", page)
        archive.writestr("style.css", ARCHIVE_STYLE)
    return buffer.getvalue()


# Downloads -------------------------------------------------------------------------------


def request_export(user, language=None):
    """Ask for a new archive of ``user``'s data; it is prepared by a background task once
    this transaction commits. An archive still being prepared is returned instead."""
    from .tasks import prepare_export

    now = timezone.now()
    # One being prepared is answered with itself; one that has not come within the hour
    # (a failed task) no longer stands in the way.
    pending = user.personal_data_exports.filter(
        ready_at__isnull=True, created_at__gt=now - PREPARING_AT_MOST
    ).first()
    if pending is not None:
        return pending
    days = timedelta(days=settings.YISHI_PERSONAL_DATA_EXPORT_DAYS)
    export = PersonalDataExport.objects.create(user=user, created_at=now, expires_at=now + days)
    language = language or translation.get_language()
    transaction.on_commit(lambda: prepare_export.enqueue(export.pk, language))
    return export


def prepare(export, language=None):
    """Write ``export``'s archive (in ``language``) and mark it ready."""
    with translation.override(language or settings.LANGUAGE_CODE):
        content = build_archive(export.user)
    export.file.save("data.zip", ContentFile(content), save=False)
    export.ready_at = timezone.now()
    export.save(update_fields=["file", "ready_at"])
    return export


def available_exports(user, now=None):
    return user.personal_data_exports.filter(expires_at__gt=now or timezone.now())


def _delete_files(names):
    storage = PersonalDataExport._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone; the purge will not find it again
            logger.warning("Could not delete the personal data archive %s", name)


def purge_exports(now=None):
    """Delete the archives whose time is up (run daily); return how many went."""
    expired = PersonalDataExport.objects.filter(expires_at__lte=now or timezone.now())
    names = [name for name in expired.values_list("file", flat=True) if name]
    deleted, _by_model = expired.delete()
    _delete_files(names)
    return deleted


def forget_exports(user):
    """Delete ``user``'s archives and their files (the files once the transaction commits)."""
    exports = PersonalDataExport.objects.filter(user=user)
    names = [name for name in exports.values_list("file", flat=True) if name]
    exports.delete()
    transaction.on_commit(lambda: _delete_files(names))


# Erasure ---------------------------------------------------------------------------------


def _sessions_of(user):
    """The session keys ``user`` is signed in with (every device)."""
    from django.contrib.sessions.models import Session

    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


def run_erasers(user):
    """Every capability's eraser, once per person (``erase`` and the deletion signal)."""
    from . import portal_data

    if getattr(user, "_personal_data_erased", False):
        return
    # The portal's own part last: the apps' erasers may still notify or unlink through it.
    for erase_part in (*capabilities.personal_data_erasers(), portal_data.erase):
        erase_part(user)
    user._personal_data_erased = True


def erase_on_delete(sender, instance, **kwargs):
    """An account deleted any other way (Wagtail's or Django's admin, the shell) is erased
    the same way, so that no name stays behind on comments or certificates."""
    run_erasers(instance)


@transaction.atomic
def erase(user, *, remove_unanswered_comments=False):
    """Erase ``user``: every capability erases or anonymises its rows about them, the
    erasure is recorded in the audit log without naming them, and the account is deleted.

    With ``remove_unanswered_comments`` their comments nobody replied to go altogether;
    the others stay, shown as by "a former resident".
    """
    from .portal_data import remove_unanswered_comments as remove_comments

    erased_from = user.community_id  # for the audit entry, which names no one
    sessions = _sessions_of(user)
    if remove_unanswered_comments:
        remove_comments(user)
    run_erasers(user)
    user.delete()
    # Who asked is not kept, nor from which address: an account was erased, where, when.
    audit.AuditEntry.objects.create(action=audit.Action.ERASE_ACCOUNT, community_id=erased_from)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in sessions:  # signed out everywhere (through the engine: its cache too)
        store(session_key=key).delete()
