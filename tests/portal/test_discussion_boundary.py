"""Acting on a comment starts from reading the object it is on, and moderation stays in the
moderator's community: likes, flags, replies, follows, the queue and moderating itself,
across two communities, through the real views."""

import pytest
from django.urls import reverse
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Matter
from portal.discussion import services
from portal.discussion.models import CommentModeration, DiscussionFollow
from portal.factories import UserFactory, staff_user


@pytest.fixture
def other_staff(other_community):
    return staff_user(community=other_community)


@pytest.fixture
def world(community, resident):
    """In ``community``: a public matter and a private one (waiting for triage), each with a
    comment that a flag has put in the moderation queue."""
    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    session = SessionPageFactory(parent=index, community=community)
    public = MatterFactory(session=session, title="公开的议题")
    private = MatterFactory(session=session, state=Matter.State.NEW, title="待分拣的议题")
    comments = {
        "public": services.add_comment(public, resident, "公开议题下的评论"),
        "private": services.add_comment(private, resident, "私下议题下的评论"),
    }
    for comment in comments.values():
        services.flag(comment, UserFactory(community=community))
    return comments


def _state(comment):
    comment = XtdComment.objects.get(pk=comment.pk)
    return (
        comment.is_public,
        comment.flags.count(),
        CommentModeration.objects.filter(comment=comment).count(),
        XtdComment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).count(),
    )


def test_the_moderation_queue_holds_the_moderators_own_community_only(
    client, world, staff, other_staff, superuser
):
    url = reverse("discussion-moderation")
    moderate = {key: reverse("discussion-moderate", args=[c.pk]) for key, c in world.items()}
    client.force_login(other_staff)
    queue = client.get(url)
    assert queue.status_code == 200
    assert not any(link in queue.text for link in moderate.values())
    assert "议题下的评论" not in queue.text
    for user in (staff, superuser):
        client.force_login(user)
        queue = client.get(url).text
        assert all(link in queue for link in moderate.values())


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_communitys_staff_cannot_moderate(client, world, other_staff, method):
    client.force_login(other_staff)
    before = {key: _state(c) for key, c in world.items()}
    for key, expected in (("public", 403), ("private", 404)):
        url = reverse("discussion-moderate", args=[world[key].pk])
        response = getattr(client, method)(url, {"action": "hide", "reason": "越权"})
        assert response.status_code == expected, key
    assert {key: _state(c) for key, c in world.items()} == before


def test_the_communitys_own_staff_moderate(client, world, staff):
    client.force_login(staff)
    url = reverse("discussion-moderate", args=[world["private"].pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "hide", "reason": "含有电话号码"})
    assert not XtdComment.objects.get(pk=world["private"].pk).is_public


@pytest.mark.parametrize("who", ["other_staff", "verified_resident", "other_verified_resident"])
def test_nobody_likes_flags_replies_to_or_follows_what_they_cannot_read(
    client, world, request, who
):
    client.force_login(request.getfixturevalue(who))
    comment = world["private"]
    before = _state(comment)
    for name in ("discussion-like", "discussion-flag"):
        assert client.post(reverse(name, args=[comment.pk])).status_code == 404, name
    assert client.get(reverse("discussion-reply", args=[comment.pk])).status_code == 404
    target = {"content_type": "governance.matter", "object_pk": comment.object_pk}
    for follow in ("1", "0"):
        response = client.post(reverse("discussion-follow"), {**target, "follow": follow})
        assert response.status_code == 404
    response = client.post(reverse("comments-post-comment"), {**target, "comment": "hi"})
    assert response.status_code == 404
    assert _state(comment) == before
    assert not DiscussionFollow.objects.filter(user=request.getfixturevalue(who)).exists()


def test_the_same_people_may_act_on_comments_of_what_they_can_read(
    client, world, other_staff, verified_resident
):
    comment = world["public"]
    for user in (other_staff, verified_resident):
        client.force_login(user)
        assert client.post(reverse("discussion-like", args=[comment.pk])).status_code == 302
    assert comment.flags.filter(flag=LIKEDIT_FLAG).count() == 2


def test_a_hidden_comment_is_out_of_reach_except_for_its_moderators(
    client, world, staff, verified_resident, other_staff, settings
):
    comment = world["public"]
    services.moderate(comment, staff, CommentModeration.Action.HIDE, "人身攻击")
    for user in (verified_resident, other_staff):
        client.force_login(user)
        for name in ("discussion-like", "discussion-flag"):
            assert client.post(reverse(name, args=[comment.pk])).status_code == 404
        assert client.get(reverse("discussion-moderate", args=[comment.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("discussion-moderate", args=[comment.pk])).status_code == 200


def test_flags_by_those_who_cannot_read_never_hide_a_comment(
    client, world, other_community, settings
):
    settings.YISHI_COMMENT_FLAG_THRESHOLD = 2
    comment = world["private"]
    for user in UserFactory.create_batch(3, community=other_community, verified=True):
        client.force_login(user)
        client.post(reverse("discussion-flag", args=[comment.pk]))
    assert XtdComment.objects.get(pk=comment.pk).is_public
