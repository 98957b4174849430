"""Comments on members-only minutes stay with those who may read the minutes: another
community's staff (and residents outside the association) can neither see them in the
moderation queue nor moderate, like, flag, reply to or follow them."""

import pytest
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from portal.discussion import services
from portal.discussion.models import CommentModeration, DiscussionFollow
from portal.factories import UserFactory, staff_user


@pytest.fixture
def other_staff(other_community):
    return staff_user(community=other_community)


@pytest.fixture
def members_comment(world, member):
    comment = services.add_comment(world.members_only, member, "只有会员能看的意见")
    services.flag(comment, UserFactory(community=world.association.community))
    return comment


def test_the_minutes_staff_see_and_moderate_it(client, members_comment, staff):
    client.force_login(staff)
    moderate = reverse("discussion-moderate", args=[members_comment.pk])
    assert moderate in client.get(reverse("discussion-moderation")).text
    assert client.get(moderate).status_code == 200


@pytest.mark.parametrize("who", ["other_staff", "resident"])
def test_those_who_may_not_read_the_minutes_cannot_touch_its_comments(
    client, members_comment, request, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    pk = members_comment.pk
    queue = client.get(reverse("discussion-moderation"))
    if who == "other_staff":
        assert queue.status_code == 200
        assert reverse("discussion-moderate", args=[pk]) not in queue.text
        assert "只有会员能看的意见" not in queue.text
    for method in ("get", "post"):
        response = getattr(client, method)(
            reverse("discussion-moderate", args=[pk]), {"action": "hide", "reason": "越权"}
        )
        assert response.status_code == 404
    for name in ("discussion-like", "discussion-flag"):
        assert client.post(reverse(name, args=[pk])).status_code == 404
    assert client.get(reverse("discussion-reply", args=[pk])).status_code == 404
    content_type = members_comment.content_type
    target = {
        "content_type": f"{content_type.app_label}.{content_type.model}",
        "object_pk": members_comment.object_pk,
    }
    assert client.post(reverse("discussion-follow"), {**target, "follow": "1"}).status_code == 404
    comment = XtdComment.objects.get(pk=pk)
    assert comment.is_public
    assert comment.flags.count() == 1  # the fixture's flag only
    assert not CommentModeration.objects.exists()
    assert not DiscussionFollow.objects.filter(user=user).exists()
