"""The shared discussion layer, on a real commentable model (governance.SessionPage, a page of
one community, with a comment rule registered for the test), through its real views."""

import pytest
import rules
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django_comments.forms import CommentSecurityForm
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from governance.factories import SessionIndexPageFactory, SessionPageFactory
from governance.models import SessionPage
from pages.models import StandardPage
from portal.discussion import services
from portal.discussion.markup import render_safe_markdown
from portal.discussion.models import CommentModeration, DiscussionFollow
from portal.discussion.services import target_url
from portal.factories import UserFactory
from portal.models import Notification
from portal.rules import is_verified_resident

PERM = "governance.comment_sessionpage"


@pytest.fixture
def comment_rule():
    """Who may comment on a SessionPage; tests replace the predicate as they need."""
    rules.add_perm(PERM, rules.is_authenticated)
    yield
    rules.remove_perm(PERM)


@pytest.fixture
def notice(db, comment_rule, community):
    """A page of ``community`` (whose staff moderate its comments)."""
    home = Site.objects.get(is_default_site=True).root_page
    index = SessionIndexPageFactory(parent=home)
    return SessionPageFactory(parent=index, community=community, title="楼道堆物通知")


@pytest.fixture
def other_notice(notice):
    return SessionPageFactory(parent=notice.get_parent(), community=notice.community)


def form_data(target, text, reply_to=0):
    data = CommentSecurityForm(target).generate_security_data()
    data.update(comment=text, reply_to=reply_to, honeypot="", next=services.target_url(target))
    return data


def post(client, user, target, text="说得对", reply_to=0):
    if user is not None:
        client.force_login(user)
    return client.post(reverse("comments-post-comment"), form_data(target, text, reply_to))


def comments_on(target):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk)
    )


def render_discussion(target, user):
    request = RequestFactory().get(target.url)
    request.user = user
    return Template("{% load discussion_tags %}{% discussion obj %}").render(
        Context({"obj": target, "request": request})
    )


# Who may comment --------------------------------------------------------------------------


def test_anonymous_cannot_post(client, notice):
    response = post(client, None, notice)
    assert response.status_code == 403
    assert "Sign in to comment" in response.text or "登录后" in response.text
    assert not comments_on(notice).exists()


def test_signed_in_user_posts_as_themselves(client, notice, resident):
    response = post(client, resident, notice, "门口的自行车请挪一挪")
    comment = comments_on(notice).get()
    assert response.status_code == 302
    assert response.url == f"{notice.url}#c{comment.pk}"
    assert comment.user == resident
    assert comment.user_name == resident.public_name
    assert comment.is_public and comment.level == 0
    assert services.is_following(resident, notice)


def test_double_tap_posts_once(client, notice, resident):
    post(client, resident, notice, "同一句话")
    post(client, resident, notice, "同一句话")
    assert comments_on(notice).count() == 1


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("resident", False),
        ("verified_resident", True),
        ("other_verified_resident", True),
        ("staff", True),
        ("superuser", True),
    ],
)
def test_post_asks_the_objects_own_permission(client, notice, request, role, allowed):
    rules.set_perm(PERM, is_verified_resident)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = post(client, user, notice)
    assert response.status_code == (302 if allowed else 403)
    assert comments_on(notice).exists() is allowed


def test_model_without_comment_permission_is_closed(client, verified_resident, db):
    """pages.StandardPage's app defines no pages.comment_standardpage: nobody may comment."""
    home = Site.objects.get(is_default_site=True).root_page
    page = home.add_child(instance=StandardPage(title="通知", slug="notice"))
    response = post(client, verified_resident, page)
    assert response.status_code == 403
    assert "Comments are closed" in response.text or "评论已关闭" in response.text
    assert not comments_on(page).exists()


def test_an_object_nobody_may_read_is_a_404(client, community, verified_resident):
    """portal.Community has no read permission: it is no discussion, for anyone."""
    response = post(client, verified_resident, community)
    assert response.status_code == 404
    assert not comments_on(community).exists()


def test_bad_target_is_a_404_not_a_500(client, resident, db):
    client.force_login(resident)
    for content_type, object_pk in [("nope.nope", "1"), ("governance.sessionpage", "x"), ("", "")]:
        response = client.post(
            reverse("comments-post-comment"), {"content_type": content_type, "object_pk": object_pk}
        )
        assert response.status_code == 404


def test_tampered_security_hash_gets_a_clear_message(client, notice, resident):
    client.force_login(resident)
    data = form_data(notice, "hi")
    data["security_hash"] = "0" * 40
    response = client.post(reverse("comments-post-comment"), data)
    assert response.status_code == 400
    assert not comments_on(notice).exists()


def test_empty_comment_shows_the_form_again(client, notice, resident):
    response = post(client, resident, notice, "")
    assert response.status_code == 200
    assert 'class="error"' in response.text
    assert not comments_on(notice).exists()


# Threads ------------------------------------------------------------------------------------


def test_replies_stop_at_the_maximum_depth_with_a_message(client, notice, resident):
    post(client, resident, notice, "第一层")
    root = comments_on(notice).get()
    post(client, resident, notice, "第二层", reply_to=root.pk)
    child = comments_on(notice).get(level=1)
    post(client, resident, notice, "第三层", reply_to=child.pk)
    grandchild = comments_on(notice).get(level=2)
    assert (child.parent_id, grandchild.parent_id) == (root.pk, child.pk)

    response = post(client, resident, notice, "第四层", reply_to=grandchild.pk)
    assert response.status_code == 400
    assert "Reply to the comment above" in response.text or "请回复上一层评论" in response.text
    assert comments_on(notice).count() == 3

    reply_page = client.get(reverse("discussion-reply", args=[grandchild.pk]))
    assert reply_page.status_code == 400
    assert client.get(reverse("discussion-reply", args=[child.pk])).status_code == 200


def test_reply_to_a_comment_on_another_object_is_refused(client, notice, other_notice, resident):
    post(client, resident, other_notice, "别处的评论")
    elsewhere = comments_on(other_notice).get()
    response = post(client, resident, notice, "串门", reply_to=elsewhere.pk)
    assert response.status_code == 200
    assert not comments_on(notice).exists()


# Likes, flags and moderation ---------------------------------------------------------------


@pytest.fixture
def comment(client, notice, resident):
    post(client, resident, notice, "有人在楼道里抽烟")
    client.logout()
    return comments_on(notice).get()


def test_like_toggles(client, comment, verified_resident):
    client.force_login(verified_resident)
    url = reverse("discussion-like", args=[comment.pk])
    client.post(url)
    assert comment.flags.filter(flag="I liked it").count() == 1
    client.post(url)
    assert comment.flags.filter(flag="I liked it").count() == 0


@pytest.mark.parametrize("name", ["discussion-like", "discussion-flag"])
@pytest.mark.parametrize("back", ["abc", "/" + "x" * 3000, "https://evil.example/"])
def test_a_next_that_is_no_path_here_goes_back_to_the_discussion(
    client, comment, verified_resident, name, back
):
    """A bare word (which ``redirect`` took for a view name: a 500), an over-long path (which
    Django refuses to redirect to: a 400 after the like was saved) or another site."""
    client.force_login(verified_resident)
    response = client.post(reverse(name, args=[comment.pk]), {"next": back})
    assert response.status_code == 302
    assert response.url.startswith(target_url(comment.content_object))


def test_a_broken_body_changes_nothing(client, comment, verified_resident):
    client.force_login(verified_resident)
    response = client.generic(
        "POST",
        reverse("discussion-like", args=[comment.pk]),
        b'--x\r\nContent-Disposition: form-data; name="next\r\n\r\n/',
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert not comment.flags.exists()


def test_anonymous_cannot_like_or_flag(client, comment):
    for name in ("discussion-like", "discussion-flag"):
        response = client.post(reverse(name, args=[comment.pk]))
        assert response.status_code == 302 and "login" in response.url
    assert not comment.flags.exists()


def test_flags_by_enough_distinct_users_hide_the_comment(client, comment, settings):
    settings.YISHI_COMMENT_FLAG_THRESHOLD = 3
    first, second, third = UserFactory.create_batch(3)
    for user in (first, first, second):
        client.force_login(user)
        client.post(reverse("discussion-flag", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_public
    client.force_login(third)
    client.post(reverse("discussion-flag", args=[comment.pk]))
    comment.refresh_from_db()
    assert not comment.is_public
    assert services.comment_count(comment.content_object) == 0


def test_a_comment_hidden_by_reports_says_so_and_its_author_is_told(comment, verified_resident):
    from django.conf import settings

    for user in UserFactory.create_batch(settings.YISHI_COMMENT_FLAG_THRESHOLD):
        services.flag(comment, user)
    html = render_discussion(comment.content_object, verified_resident)
    assert "有人在楼道里抽烟" not in html
    assert "这条评论因被举报而暂时隐藏，等待管理员审核。" in html
    assert "已被管理员隐藏" not in html
    [note] = Notification.objects.filter(recipient=comment.user)
    assert "被其他居民举报" in note.message and note.url.endswith(f"#c{comment.pk}")


def test_hidden_comment_is_a_placeholder_except_for_moderators(comment, verified_resident, staff):
    services.moderate(comment, staff, CommentModeration.Action.HIDE, "人身攻击")
    target = comment.content_object
    assert "有人在楼道里抽烟" not in render_discussion(target, verified_resident)
    assert "hidden by the moderators" in render_discussion(target, verified_resident) or (
        "已被管理员隐藏" in render_discussion(target, verified_resident)
    )
    assert "有人在楼道里抽烟" in render_discussion(target, staff)


def test_replies_stay_visible_when_their_parent_is_hidden(
    client, comment, verified_resident, staff
):
    post(client, verified_resident, comment.content_object, "同意", reply_to=comment.pk)
    services.moderate(comment, staff, CommentModeration.Action.HIDE, "人身攻击")
    assert comments_on(comment.content_object).filter(is_public=True).count() == 1


@pytest.mark.parametrize("moderator", ["staff", "superuser"])
def test_moderator_hides_and_restores_with_a_reason(client, comment, request, moderator):
    user = request.getfixturevalue(moderator)
    client.force_login(user)
    url = reverse("discussion-moderate", args=[comment.pk])

    response = client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.is_public

    client.post(url, {"action": "hide", "reason": "含有电话号码"})
    comment.refresh_from_db()
    assert not comment.is_public
    client.post(url, {"action": "restore", "reason": "已核实无误"})
    comment.refresh_from_db()
    assert comment.is_public

    history = list(
        comment.moderations.order_by("created_at").values_list("action", "moderator", "reason")
    )
    assert history == [("hide", user.pk, "含有电话号码"), ("restore", user.pk, "已核实无误")]
    notes = Notification.objects.filter(recipient=comment.user).order_by("created_at")
    assert [("含有电话号码" in n.message, "已核实无误" in n.message) for n in notes] == [
        (True, False),
        (False, True),
    ]
    assert all(n.url.endswith(f"#c{comment.pk}") for n in notes)


@pytest.mark.parametrize("role", ["resident", "verified_resident", "leader", "school_staff"])
def test_others_cannot_moderate(client, comment, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("discussion-moderate", args=[comment.pk]), {"action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    assert client.get(reverse("discussion-moderation")).status_code == 403
    comment.refresh_from_db()
    assert comment.is_public and not CommentModeration.objects.exists()


def test_anonymous_is_sent_to_log_in_for_moderation(client, comment):
    response = client.get(reverse("discussion-moderation"))
    assert response.status_code == 302 and "login" in response.url


def test_moderation_queue_lists_flagged_and_hidden_until_reviewed(client, comment, staff):
    flagger = UserFactory()
    services.flag(comment, flagger)
    client.force_login(staff)
    assert f"#c{comment.pk}" in client.get(reverse("discussion-moderation")).text or (
        reverse("discussion-moderate", args=[comment.pk])
        in client.get(reverse("discussion-moderation")).text
    )
    services.moderate(comment, staff, CommentModeration.Action.RESTORE, "没有问题")
    queue = client.get(reverse("discussion-moderation")).text
    assert reverse("discussion-moderate", args=[comment.pk]) not in queue


def test_a_restored_comment_is_not_hidden_again_by_more_flags(comment, staff, settings):
    settings.YISHI_COMMENT_FLAG_THRESHOLD = 1
    services.moderate(comment, staff, CommentModeration.Action.RESTORE, "没有问题")
    services.flag(comment, UserFactory())
    comment.refresh_from_db()
    assert comment.is_public


# Following and notifications ------------------------------------------------------------------


def test_followers_and_parent_author_are_notified(client, notice):
    author, replier, watcher, quiet = UserFactory.create_batch(4)
    post(client, author, notice, "第一条")
    root = comments_on(notice).get()
    client.force_login(watcher)
    client.post(
        reverse("discussion-follow"),
        {"content_type": "governance.sessionpage", "object_pk": notice.pk, "follow": "1"},
    )

    post(client, replier, notice, "回复", reply_to=root.pk)
    assert Notification.objects.filter(recipient=author).count() == 1  # once, not twice
    assert Notification.objects.filter(recipient=watcher).count() == 1
    assert not Notification.objects.filter(recipient__in=[replier, quiet]).exists()

    client.force_login(watcher)
    client.post(
        reverse("discussion-follow"),
        {"content_type": "governance.sessionpage", "object_pk": notice.pk, "follow": "0"},
    )
    post(client, quiet, notice, "又一条")
    assert Notification.objects.filter(recipient=watcher).count() == 1
    assert Notification.objects.filter(recipient=replier).count() == 1  # replier follows now


def test_commenting_does_not_undo_an_unfollow(client, notice, resident):
    post(client, resident, notice, "一")
    services.set_following(resident, notice, False)
    post(client, resident, notice, "二")
    assert DiscussionFollow.objects.get(user=resident).following is False


def test_follow_needs_the_comment_permission(client, notice, resident):
    rules.set_perm(PERM, is_verified_resident)
    client.force_login(resident)
    response = client.post(
        reverse("discussion-follow"),
        {"content_type": "governance.sessionpage", "object_pk": notice.pk, "follow": "1"},
    )
    assert response.status_code == 403
    assert not DiscussionFollow.objects.exists()


def test_a_mail_outage_never_loses_the_comment(
    client, notice, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.portal.broken_mail.BrokenBackend"
    author = UserFactory(email="author@example.org")
    post(client, author, notice, "第一条")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, UserFactory(), notice, "第二条")
    assert response.status_code == 302
    assert comments_on(notice).count() == 2
    assert Notification.objects.filter(recipient=author).count() == 1
    assert callbacks  # delivery was queued (and failed) after the commit


# Text and rendering -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>你好", "<script"),
        ("[点我](javascript:alert(1))", "javascript:"),
        ("[点我](JaVaScRiPt:alert(1))", "javascript"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("![图](http://example.org/track.png)", "<img"),
        ('<div onclick="x()">d</div>', "onclick"),
        ("<iframe src=https://example.org></iframe>", "<iframe"),
        ("[站内](/admin/)", "/admin/"),
    ],
)
def test_markdown_is_sanitized(text, forbidden):
    html = render_safe_markdown(text)
    tags = _tags(html)
    assert {tag for tag, _attrs in tags} <= {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
    attributes = {name: value for _tag, attrs in tags for name, value in attrs}
    assert not any(name.startswith("on") for name in attributes)
    assert forbidden not in " ".join(f"{name}={value}" for name, value in attributes.items())
    assert not any(tag in ("script", "img", "iframe", "div") for tag, _attrs in tags)


def _tags(html):
    """The (tag, attributes) of every element in ``html``."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [(name, (value or "").lower()) for name, value in attrs]))

    Collect().feed(html)
    return found


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("请看 <note> 这里", "请看 &lt;note&gt; 这里"),
        ("<hello world> 你好", "&lt;hello world&gt; 你好"),
        ("x<y and y>z", "x&lt;y and y&gt;z"),
        ("<script>alert(1)</script>你好", "&lt;script&gt;alert(1)&lt;/script&gt;你好"),
        ("a <!-- note --> b", "a &lt;!-- note --&gt; b"),
    ],
)
def test_text_in_angle_brackets_shows_as_text(text, shown):
    assert render_safe_markdown(text) == f"<p>{shown}</p>"


def test_safe_markdown_subset_survives():
    html = render_safe_markdown("**粗** *斜*\n下一行\n\n- 一\n- 二\n\n[链接](https://example.org)")
    for fragment in (
        "<strong>粗</strong>",
        "<em>斜</em>",
        "<br",
        "<li>一</li>",
        'href="https://example.org"',
    ):
        assert fragment in html


def test_discussion_tag_renders_safely_without_gravatar(client, notice, resident):
    post(client, resident, notice, "<script>alert(1)</script>**注意**")
    html = render_discussion(notice, resident)
    assert "<script>alert" not in html and "<strong>注意</strong>" in html
    assert "gravatar" not in html.lower()
    assert f'<span class="avatar" aria-hidden="true">{resident.public_name[0]}</span>' in html
    assert reverse("comments-post-comment") in html


def test_discussion_tag_says_why_one_cannot_comment(notice, resident):
    from django.contrib.auth.models import AnonymousUser

    anonymous = render_discussion(notice, AnonymousUser())
    assert reverse("account_login") in anonymous
    assert reverse("comments-post-comment") not in anonymous
    rules.set_perm(PERM, is_verified_resident)
    closed = render_discussion(notice, resident)
    assert reverse("comments-post-comment") not in closed
    assert "Comments are closed" in closed or "评论已关闭" in closed


def test_comment_counts_in_one_query(
    client, notice, other_notice, resident, staff, django_assert_num_queries
):
    post(client, resident, notice, "一")
    post(client, resident, notice, "二")
    post(client, resident, other_notice, "三")
    services.moderate(comments_on(notice).first(), staff, CommentModeration.Action.HIDE, "测试")
    pages = SessionPage.objects.filter(pk__in=[notice.pk, other_notice.pk])
    ContentType.objects.get_for_model(SessionPage)  # warm the content-type cache
    with django_assert_num_queries(1):
        counts = services.comment_counts(pages)
    assert counts == {notice.pk: 1, other_notice.pk: 1}
    objects = list(pages)
    with django_assert_num_queries(1):
        assert services.comment_counts(objects) == counts
    rendered = Template("{% load discussion_tags %}{% comment_count p counts %}").render(
        Context({"p": notice, "counts": {}})
    )
    assert rendered == "0"


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("school_staff", False)])
def test_wagtail_admin_menu_links_the_moderation_queue(db, request, role, shown):
    from portal.discussion.wagtail_hooks import register_comment_moderation_menu_item

    item = register_comment_moderation_menu_item()
    admin_request = RequestFactory().get("/admin/")
    admin_request.user = request.getfixturevalue(role)
    assert item.url == reverse("discussion-moderation")
    assert item.is_shown(admin_request) is shown


def test_a_model_can_say_why_its_discussion_is_closed(notice, resident):
    rules.set_perm(PERM, is_verified_resident)
    notice.discussion_closed_reason = lambda user: "只有会员可以评论"
    assert "只有会员可以评论" in render_discussion(notice, resident)


def test_discussion_queries_do_not_grow_with_comments(client, notice, resident, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            render_discussion(notice, staff)
        return len(captured)

    post(client, resident, notice, "一")
    queries()  # warm the per-request caches (roles, content types)
    one = queries()
    for text in ("二", "三", "四"):
        post(client, UserFactory(), notice, text, reply_to=comments_on(notice).first().pk)
    assert queries() == one


# Pages of threads ----------------------------------------------------------------------------


@pytest.fixture
def long_discussion(notice, resident, settings):
    """Seven threads on three pages (three per page); the first thread has two replies."""
    settings.YISHI_COMMENT_THREADS_PER_PAGE = 3
    roots = [services.add_comment(notice, resident, f"第{n}条意见") for n in range(1, 8)]
    reply = services.add_comment(notice, UserFactory(), "回复第一条", parent=roots[0])
    services.add_comment(notice, UserFactory(), "再回复", parent=reply)
    return roots


def render_page(target, user, query):
    request = RequestFactory().get(f"{target.url}?{query}")
    request.user = user
    return Template("{% load discussion_tags %}{% discussion obj %}").render(
        Context({"obj": target, "request": request})
    )


def test_a_long_discussion_is_shown_a_page_of_threads_at_a_time(notice, long_discussion, resident):
    first = render_page(notice, resident, "")
    assert all(f"第{n}条意见" in first for n in (1, 2, 3))
    assert "第4条意见" not in first
    assert "回复第一条" in first and "再回复" in first  # replies travel with their thread
    assert "9 comments" in first or "9 条评论" in first  # the count is of the whole discussion
    assert 'href="?comments=2#discussion"' in first and 'rel="prev"' not in first
    last = render_page(notice, resident, "comments=3")
    assert "第7条意见" in last and "第6条意见" not in last
    assert 'href="?comments=2#discussion"' in last and 'rel="next"' not in last


@pytest.mark.parametrize("query", ["comments=99", "comments=-1", "comments=abc", "comments="])
def test_a_page_number_out_of_range_shows_the_nearest_page(notice, long_discussion, query):
    from django.contrib.auth.models import AnonymousUser

    html = render_page(notice, AnonymousUser(), query)
    assert "第" in html and "条意见" in html


def test_other_query_parameters_are_kept_between_pages(notice, long_discussion, resident):
    html = render_page(notice, resident, "lang=x&comments=2")
    assert 'href="?lang=x&amp;comments=3#discussion"' in html
    assert 'href="?lang=x#discussion"' in html


def test_links_to_a_comment_open_the_page_of_its_thread(notice, long_discussion):
    assert services.comment_url(long_discussion[0]) == f"{notice.url}#c{long_discussion[0].pk}"
    assert services.comment_url(long_discussion[4]) == (
        f"{notice.url}?comments=2#c{long_discussion[4].pk}"
    )
    reply = comments_on(notice).get(comment="再回复")
    assert services.comment_url(reply) == f"{notice.url}#c{reply.pk}"


def test_posting_lands_on_the_page_of_the_new_comment(client, notice, long_discussion, resident):
    response = post(client, resident, notice, "第八条意见")
    new = comments_on(notice).get(comment="第八条意见")
    assert response.status_code == 302
    assert response["Location"] == f"{notice.url}?comments=3#c{new.pk}"
    reply = post(client, resident, notice, "回复第一条的补充", reply_to=long_discussion[0].pk)
    added = comments_on(notice).get(comment="回复第一条的补充")
    assert reply["Location"] == f"{notice.url}#c{added.pk}"


def test_liking_returns_to_the_page_of_the_comment(
    client, notice, long_discussion, verified_resident
):
    client.force_login(verified_resident)
    comment = long_discussion[6]
    response = client.post(
        reverse("discussion-like", args=[comment.pk]), {"next": f"{notice.url}?comments=1"}
    )
    assert response["Location"] == f"{notice.url}?comments=3#c{comment.pk}"


def test_signed_in_actions_share_one_form_and_token(notice, long_discussion, verified_resident):
    html = render_page(notice, verified_resident, "")
    assert html.count("<form ") == 3  # the thread's actions, follow, the new comment
    like = reverse("discussion-like", args=[long_discussion[0].pk])
    assert f'formaction="{like}"' in html


def test_a_page_of_a_long_discussion_stays_small(notice, resident, settings):
    """600 comments (as on the busiest district matters): one page stays far under 50 KB."""
    from django_comments_xtd.models import XtdComment

    text = "楼道里的电动车充电问题需要尽快解决，建议在小区东门设置集中充电桩，并安排专人管理。" * 2
    for _ in range(200):
        root = services.add_comment(notice, UserFactory(), text)
        reply = XtdComment.objects.get(pk=services.add_comment(notice, resident, text, root).pk)
        services.add_comment(notice, UserFactory(), text, reply)
    html = render_page(notice, resident, "comments=5")
    assert len(html.encode()) < 30_000  # the rest of the matter page is under 20 KB
