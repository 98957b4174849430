"""The permission boundary as a matrix: every role × every view × GET/POST.

Allowed requests succeed (and POSTs take effect); anonymous visitors are sent to
log in; everyone else gets a 403 and nothing changes.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pages.associations.models import AssociationPage, Attachment, Membership, Minutes

from .conftest import ROLES, login, minutes_data

EVERYONE = set(ROLES)
RUNNERS = {"leader", "staff"}
MEMBERS = {"member", "leader", "staff"}


def _intro(w):
    return AssociationPage.objects.get(pk=w.association.pk).introduction


def _title(minutes):
    return Minutes.objects.get(pk=minutes.pk).title


# (name, method, url(w), data(w), allowed roles, effect(w, user) → bool for POSTs)
CASES = [
    ("page", "get", lambda w: w.association.url, None, EVERYONE, None),
    (
        "edit page",
        "get",
        lambda w: reverse("associations:association_edit", args=[w.association.pk]),
        None,
        RUNNERS,
        None,
    ),
    (
        "edit page",
        "post",
        lambda w: reverse("associations:association_edit", args=[w.association.pk]),
        lambda w: {"introduction": "新的介绍"},
        RUNNERS,
        lambda w, u: _intro(w) == "新的介绍",
    ),
    (
        "join",
        "post",
        lambda w: reverse("associations:join", args=[w.association.pk]),
        lambda w: {},
        {"resident", "other_leader", "staff"},
        lambda w, u: w.association.memberships.filter(user=u, status="pending").exists(),
    ),
    (
        "leave",
        "post",
        lambda w: reverse("associations:leave", args=[w.association.pk]),
        lambda w: {},
        {"member", "leader"},
        None,  # the effect is asserted in test_membership
    ),
    (
        "members",
        "get",
        lambda w: reverse("associations:members", args=[w.association.pk]),
        None,
        RUNNERS,
        None,
    ),
    (
        "approve",
        "post",
        lambda w: reverse("associations:decide", args=[w.pending.pk]),
        lambda w: {"decision": "approve"},
        RUNNERS,
        lambda w, u: Membership.objects.get(pk=w.pending.pk).status == "active",
    ),
    (
        "decline",
        "post",
        lambda w: reverse("associations:decide", args=[w.pending.pk]),
        lambda w: {"decision": "decline"},
        RUNNERS,
        lambda w, u: Membership.objects.get(pk=w.pending.pk).status == "declined",
    ),
    (
        "set leader",
        "post",
        lambda w: reverse("associations:set_role", args=[w.membership.pk]),
        lambda w: {f"m{w.membership.pk}-role": "leader", f"m{w.membership.pk}-title": "副会长"},
        {"staff"},
        lambda w, u: Membership.objects.get(pk=w.membership.pk).role == "leader",
    ),
    (
        "announce meeting",
        "get",
        lambda w: reverse("associations:meeting_add", args=[w.association.pk]),
        None,
        RUNNERS,
        None,
    ),
    (
        "announce meeting",
        "post",
        lambda w: reverse("associations:meeting_add", args=[w.association.pk]),
        lambda w: {"starts_at": "2099-02-01T19:30", "place": "北门"},
        RUNNERS,
        lambda w, u: w.association.meetings.filter(place="北门").exists(),
    ),
    (
        "remove meeting",
        "post",
        lambda w: reverse("associations:meeting_delete", args=[w.meeting.pk]),
        lambda w: {},
        RUNNERS,
        lambda w, u: not w.association.meetings.filter(pk=w.meeting.pk).exists(),
    ),
    (
        "minutes list",
        "get",
        lambda w: reverse("associations:minutes_list", args=[w.association.pk]),
        None,
        EVERYONE,
        None,
    ),
    (
        "new minutes",
        "get",
        lambda w: reverse("associations:minutes_create", args=[w.association.pk]),
        None,
        RUNNERS,
        None,
    ),
    (
        "new minutes",
        "post",
        lambda w: reverse("associations:minutes_create", args=[w.association.pk]),
        lambda w: minutes_data(),
        RUNNERS,
        lambda w, u: w.association.minutes.filter(title="六月例会").exists(),
    ),
    (
        "public minutes",
        "get",
        lambda w: reverse("associations:minutes", args=[w.public.pk]),
        None,
        EVERYONE,
        None,
    ),
    (
        "members-only minutes",
        "get",
        lambda w: reverse("associations:minutes", args=[w.members_only.pk]),
        None,
        MEMBERS,
        None,
    ),
    (
        "draft minutes",
        "get",
        lambda w: reverse("associations:minutes", args=[w.draft.pk]),
        None,
        RUNNERS,
        None,
    ),
    (
        "history",
        "get",
        lambda w: reverse("associations:minutes_history", args=[w.public.pk]),
        None,
        EVERYONE,
        None,
    ),
    (
        "members-only history",
        "get",
        lambda w: reverse("associations:minutes_history", args=[w.members_only.pk]),
        None,
        MEMBERS,
        None,
    ),
    (
        "members-only photo",
        "get",
        lambda w: reverse("associations:minutes_file", args=[w.members_only.pk, w.photo.pk]),
        None,
        MEMBERS,
        None,
    ),
    (
        "edit minutes",
        "get",
        lambda w: reverse("associations:minutes_edit", args=[w.public.pk]),
        None,
        RUNNERS,
        None,
    ),
    (
        "edit minutes",
        "post",
        lambda w: reverse("associations:minutes_edit", args=[w.public.pk]),
        lambda w: minutes_data(title="改过的标题", action="save"),
        RUNNERS,
        lambda w, u: _title(w.public) == "改过的标题",
    ),
    (
        "edit draft",
        "post",
        lambda w: reverse("associations:minutes_edit", args=[w.draft.pk]),
        lambda w: minutes_data(title="草稿改", action="draft"),
        RUNNERS,
        lambda w, u: _title(w.draft) == "草稿改",
    ),
    (
        "delete draft",
        "post",
        lambda w: reverse("associations:minutes_delete", args=[w.draft.pk]),
        lambda w: {},
        RUNNERS,
        lambda w, u: not Minutes.objects.filter(pk=w.draft.pk).exists(),
    ),
]


@pytest.fixture
def matrix_world(world):
    world.photo = Attachment.objects.create(
        minutes=world.members_only,
        kind=Attachment.Kind.PHOTO,
        file=ContentFile(b"\xff\xd8\xff", name="sheet.jpg"),
        name="sheet.jpg",
        content_type="image/jpeg",
    )
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "allowed", "effect"),
    CASES,
    ids=[f"{case[0]}-{case[1]}" for case in CASES],
)
def test_permission_matrix(
    client, matrix_world, users, role, name, method, url, data, allowed, effect
):
    user = users[role]
    login(client, user)
    target = url(matrix_world)
    payload = data(matrix_world) if data else None
    response = client.get(target) if method == "get" else client.post(target, payload)
    if role in allowed:
        assert response.status_code in (200, 302), response.content[:500]
        assert "/accounts/login/" not in response.get("Location", "")
    elif user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403
    if effect is not None:
        assert effect(matrix_world, user) is (role in allowed)


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_associations_leader_cannot_reach_minutes_of_this_one(client, world, users, method):
    """The boundary case named in the issue, on each route that changes minutes."""
    login(client, users["other_leader"])
    for route in ("associations:minutes_edit", "associations:minutes_delete"):
        response = getattr(client, method)(reverse(route, args=[world.draft.pk]))
        assert response.status_code in (403, 405)
    assert Minutes.objects.filter(pk=world.draft.pk, title=world.draft.title).exists()
