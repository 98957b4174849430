"""The audit log of staff actions (portal.audit): append-only, kept for the retention period,
read by community staff for their own community and by superusers for all, by nobody else."""

import importlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal import audit
from portal.audit import Action, AuditEntry
from portal.factories import UserFactory, staff_user
from portal.models import User

INDEX = "/admin/audit/"


def refused(response):
    """Wagtail answers a refused admin request with 403, a redirect to the dashboard, or (to
    those who may not use the admin at all) to its login page."""
    return response.status_code == 403 or (
        response.status_code == 302
        and (response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/"))
    )


def listed(response):
    assert response.status_code == 200
    return list(response.context["object_list"])


# What is recorded -----------------------------------------------------------------------------


def test_verifying_a_resident_is_recorded_with_who_whom_and_from_where(client, staff, resident):
    client.force_login(staff)
    client.post(f"/admin/residents/{resident.pk}/verify/", REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(action=Action.VERIFY_RESIDENT)
    assert (entry.actor, entry.person, entry.community) == (staff, resident, resident.community)
    assert entry.address == "10.1.2.3"
    assert timezone.now() - entry.at < timedelta(minutes=1)


def test_reading_the_pending_residents_list_is_recorded(client, staff, resident):
    client.force_login(staff)
    page = client.get("/admin/residents/pending/").text
    assert resident.phone in page  # what makes the read worth recording
    entry = AuditEntry.objects.get(action=Action.READ_PENDING_RESIDENTS)
    assert (entry.actor, entry.community, entry.extra) == (staff, staff.community, {"shown": 1})


def test_a_person_is_linked_never_named_so_an_erased_account_leaves_no_name(staff, resident):
    entry = audit.record(staff, Action.VERIFY_RESIDENT, resident)
    name, phone = resident.public_name, resident.phone
    resident.delete()
    entry.refresh_from_db()
    stored = " ".join(str(getattr(entry, f.attname)) for f in AuditEntry._meta.concrete_fields)
    assert entry.person is None
    assert name not in stored and phone not in stored
    assert entry.action == Action.VERIFY_RESIDENT  # the entry itself stays


# Append-only ----------------------------------------------------------------------------------


def test_entries_cannot_be_changed_or_deleted(staff, resident):
    entry = audit.record(staff, Action.VERIFY_RESIDENT, resident)
    entry.action = Action.MOVE_RESIDENT
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.get().action == Action.VERIFY_RESIDENT


def test_the_admin_offers_no_way_to_add_edit_or_delete(client, superuser, resident):
    entry = audit.record(superuser, Action.VERIFY_RESIDENT, resident)
    for name in ("add", "edit", "delete", "history", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit:{name}", args=[entry.pk] if name != "add" else [])
    client.force_login(superuser)
    page = client.get(INDEX).text
    assert f"/admin/audit/inspect/{entry.pk}/" in page
    assert "edit/" not in page.split('id="listing-results"')[-1]


# Who reads it ---------------------------------------------------------------------------------


@pytest.fixture
def log(staff, resident, other_community):
    """One entry in the staff's community, one in another."""
    stranger = UserFactory(community=other_community)
    return {
        "own": audit.record(staff, Action.VERIFY_RESIDENT, resident),
        "other": audit.record(
            staff_user(community=other_community), Action.VERIFY_RESIDENT, stranger
        ),
    }


def test_community_staff_read_their_own_communitys_entries_only(client, staff, log):
    client.force_login(staff)
    assert listed(client.get(INDEX)) == [log["own"]]
    assert client.get(f"{INDEX}inspect/{log['own'].pk}/").status_code == 200
    assert refused(client.get(f"{INDEX}inspect/{log['other'].pk}/"))


def test_superusers_read_every_entry(client, superuser, log):
    client.force_login(superuser)
    assert set(listed(client.get(INDEX))) == {log["own"], log["other"]}
    assert client.get(f"{INDEX}inspect/{log['other'].pk}/").status_code == 200


@pytest.mark.parametrize("role", ["resident", "verified_resident", "leader", "school_staff"])
def test_residents_and_school_staff_read_none_of_it(client, request, role, log):
    client.force_login(request.getfixturevalue(role))
    assert refused(client.get(INDEX))
    assert refused(client.get(f"{INDEX}inspect/{log['own'].pk}/"))


def test_the_listing_filters_by_action_staff_member_and_date(client, staff, resident, log):
    colleague = staff_user(community=staff.community)
    read = audit.record(colleague, Action.READ_PENDING_RESIDENTS, community=staff.community)
    AuditEntry.objects.filter(pk=read.pk).update(at=timezone.now() - timedelta(days=40))
    client.force_login(staff)
    assert listed(client.get(INDEX, {"action": Action.VERIFY_RESIDENT})) == [log["own"]]
    assert listed(client.get(INDEX, {"actor": colleague.pk})) == [read]
    old = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert listed(client.get(INDEX, {"at_to": old})) == [read]
    assert listed(client.get(INDEX, {"at_from": old})) == [log["own"]]


# Kept long enough, then purged ----------------------------------------------------------------


def test_purge_removes_only_entries_older_than_the_retention_period(staff, resident, settings):
    settings.YISHI_AUDIT_RETENTION_DAYS = 200
    kept, old = (audit.record(staff, Action.VERIFY_RESIDENT, resident) for _ in range(2))
    AuditEntry.objects.filter(pk=kept.pk).update(at=timezone.now() - timedelta(days=199))
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=201))
    call_command("purge_audit_log", stdout=io.StringIO())
    assert list(AuditEntry.objects.all()) == [kept]


@pytest.mark.parametrize(("configured", "kept"), [(None, 365), ("30", 183), ("400", 400)])
def test_retention_is_a_year_by_default_and_never_under_six_months(monkeypatch, configured, kept):
    from portal.settings import base

    if configured is None:
        monkeypatch.delenv("YISHI_AUDIT_RETENTION_DAYS", raising=False)
    else:
        monkeypatch.setenv("YISHI_AUDIT_RETENTION_DAYS", configured)
    try:
        assert kept == importlib.reload(base).YISHI_AUDIT_RETENTION_DAYS
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_the_demo_history_is_in_the_log_and_residents_see_none_of_it(client, db):
    call_command("load_demo", stdout=io.StringIO())
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        Action.VERIFY_RESIDENT,
        Action.ACCEPT_MATTER,
        Action.RECORD_HANDS,
        Action.FOLLOW_UP,
    } <= actions
    staff = User.objects.get(phone="+8613800138001")
    resident = User.objects.get(phone="+8613800138004")
    client.force_login(staff)
    assert {e.action for e in listed(client.get(INDEX))} >= {Action.ACCEPT_MATTER}
    client.force_login(resident)
    assert refused(client.get(INDEX))
