"""Governance actions in the audit log (portal.audit): triage, ending a phase, in-person
counts, follow-up, staff exports and moderation each leave one entry."""

import pytest
from django.urls import reverse

from governance.factories import MatterFactory
from portal.audit import Action, AuditEntry
from portal.discussion import services as discussion


def only(action):
    return AuditEntry.objects.get(action=action)


@pytest.mark.parametrize(
    ("decision", "action"),
    [
        ("accept", Action.ACCEPT_MATTER),
        ("merge", Action.MERGE_MATTER),
        ("decline", Action.DECLINE_MATTER),
    ],
)
def test_triage_is_recorded(client, clock, session, resident, staff, decision, action):
    clock.to_phase("collecting")
    target = MatterFactory(session=session)
    matter = MatterFactory(session=session, author=resident, state="new")
    client.force_login(staff)
    data = {
        "accept": {"decision": "accept", "session": session.pk},
        "merge": {"decision": "merge", "merge_into": target.pk},
        "decline": {"decision": "decline", "reason": "这件事归街道办管。"},
    }[decision]
    client.post(reverse("governance:triage_matter", args=[matter.pk]), data, REMOTE_ADDR="10.0.0.7")
    entry = only(action)
    assert (entry.actor, entry.target_label, entry.community, entry.address) == (
        staff,
        matter.title,
        session.community,
        "10.0.0.7",  # from the request, though the service recorded it
    )


def test_ending_a_phase_is_recorded(client, clock, session, staff):
    clock.to_phase("discussion")
    client.force_login(staff)
    url = reverse("governance:end_phase", args=[session.pk])
    client.post(url, {"reason": "讨论已充分"})
    entry = only(Action.END_PHASE)
    assert (entry.actor, entry.community, entry.extra) == (
        staff,
        session.community,
        {"phase": "discussion"},
    )


def test_in_person_counts_and_follow_up_are_recorded(client, clock, matter, staff):
    clock.to_phase("results")
    client.force_login(staff)
    client.post(
        reverse("governance:hands", args=[matter.pk]),
        {"hands_for": 7, "hands_against": 2, "hands_abstain": 1},
    )
    assert only(Action.RECORD_HANDS).extra == {"for": 7, "against": 2, "abstain": 1}
    client.post(
        reverse("governance:follow_up", args=[matter.pk]),
        {"status": "in_progress", "note": "已开工。", "response": ""},
    )
    assert only(Action.FOLLOW_UP).extra == {"status": "in_progress"}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_by_staff_are_recorded_and_public_downloads_are_not(
    client, clock, matter, staff, fmt
):
    clock.to_phase("results")
    url = reverse(f"governance:results_{fmt}", args=[matter.session.pk])
    assert client.get(url).status_code == 200
    assert not AuditEntry.objects.exists()
    client.force_login(staff)
    client.get(url)
    assert only(Action.EXPORT_RESULTS).extra == {"format": fmt}


def test_moderation_is_recorded_without_the_comments_text_or_author_name(
    client, clock, matter, verified_resident, staff
):
    clock.to_phase("discussion")
    comment = discussion.add_comment(matter, verified_resident, "隔壁王某某天天吵")
    client.force_login(staff)
    url = reverse("discussion-moderate", args=[comment.pk])
    client.post(url, {"action": "hide", "reason": "点名道姓"})
    client.post(url, {"action": "restore", "reason": "已修改"})
    hidden, restored = only(Action.HIDE_COMMENT), only(Action.RESTORE_COMMENT)
    for entry in (hidden, restored):
        assert (entry.actor, entry.person, entry.community) == (
            staff,
            verified_resident,
            matter.community,
        )
        assert entry.target_label == matter.title
        assert verified_resident.public_name not in entry.target_label
    assert hidden.extra == {"reason": "点名道姓"}
