"""Community staff run their own community's sessions in the Wagtail admin, and only those.

Staff of community A are tried against community B's session at every admin entry point
(each must refuse and change nothing) and against their own (each must work).
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from governance.factories import MatterFactory, SessionPageFactory
from governance.models import Matter, SessionPage
from portal import roles

DENIED = "/admin/"  # where Wagtail sends a user it refuses (with a message)


@pytest.fixture
def other_session(session_index, other_community, opens_at):
    return SessionPageFactory(
        parent=session_index, community=other_community, collecting_starts=opens_at
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def refused(response):
    """Wagtail answers a refused admin request with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == DENIED
    )


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def session_form(session, **changes):
    data = {
        "title": session.title,
        "slug": session.slug,
        "community": session.community_id,
        "introduction": session.introduction,
        "rules": rich_text("<p>每人最多三项。</p>"),
        "venue": session.venue,
        "meeting_at": "",
        "collecting_starts": local(session.collecting_starts),
        "discussion_starts": local(session.discussion_starts),
        "voting_starts": local(session.voting_starts),
        "voting_ends": local(session.voting_ends),
        "follow_up_starts": local(session.follow_up_starts),
        "matter_limit": session.matter_limit,
        "quorum_percent": session.quorum_percent,
        "adoption_percent": session.adoption_percent,
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def unchanged(page):
    fresh = SessionPage.objects.get(pk=page.pk)
    return (
        fresh.title == page.title
        and fresh.community_id == page.community_id
        and fresh.live == page.live
        and fresh.get_parent().pk == page.get_parent().pk
        and not fresh.has_unpublished_changes
        and fresh.locked is False
    )


# Staff hold Wagtail's page permissions on the shared index; the narrowing is per session.


def test_staff_get_page_permissions_on_every_new_session_index(session_index):
    staff = Group.objects.get(name=roles.COMMUNITY_STAFF)
    granted = set(
        GroupPagePermission.objects.filter(group=staff, page=session_index).values_list(
            "permission__codename", flat=True
        )
    )
    assert granted == {"add_page", "change_page", "publish_page"}


def test_permission_testers(staff, other_staff, superuser, session, other_session, session_index):
    own, other = session.permissions_for_user(staff), other_session.permissions_for_user(staff)
    for action in (
        "can_edit",
        "can_publish",
        "can_unpublish",
        "can_delete",
        "can_move",
        "can_copy",
    ):
        assert getattr(own, action)(), action
        assert not getattr(other, action)(), action
        assert getattr(other_session.permissions_for_user(other_staff), action)(), action
        assert getattr(other_session.permissions_for_user(superuser), action)(), action
    assert not other.can_view_revisions() and not other.can_lock()
    assert own.can_move_to(session_index) and own.can_copy_to(session_index)
    assert not other.can_move_to(session_index) and not other.can_copy_to(session_index)
    # The shared index: staff add sessions to it but never change the index itself.
    index = session_index.permissions_for_user(staff)
    assert index.can_add_subpage() and index.can_publish_subpage()
    assert not index.can_edit() and not index.can_delete() and not index.can_move()
    assert session_index.permissions_for_user(superuser).can_edit()


def test_other_communities_sessions_are_not_in_the_explorer(
    staff_client, session, other_session, session_index
):
    page = staff_client.get(reverse("wagtailadmin_explore", args=[session_index.pk])).text
    assert session.title in page
    assert other_session.title not in page
    # The explorer menu reads the admin API, which the same hook filters.
    api = staff_client.get(f"/admin/api/main/pages/?child_of={session_index.pk}&for_explorer=1")
    titles = {item["title"] for item in api.json()["items"]}
    assert session.title in titles and other_session.title not in titles


def test_superuser_sees_every_communitys_sessions(
    client, superuser, session, other_session, session_index
):
    client.force_login(superuser)
    page = client.get(reverse("wagtailadmin_explore", args=[session_index.pk])).text
    assert session.title in page and other_session.title in page


def test_edit_another_communitys_session_is_refused(staff_client, other_session):
    url = reverse("wagtailadmin_pages:edit", args=[other_session.pk])
    assert refused(staff_client.get(url))
    data = session_form(other_session, title="被改了", **{"action-publish": "publish"})
    assert refused(staff_client.post(url, data))
    assert unchanged(other_session)


def test_staff_edit_and_publish_their_own_session(staff_client, session):
    url = reverse("wagtailadmin_pages:edit", args=[session.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, session_form(session, title="改好的议事会", **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    assert SessionPage.objects.get(pk=session.pk).title == "改好的议事会"


def test_own_session_cannot_be_given_to_another_community(staff_client, session, other_community):
    url = reverse("wagtailadmin_pages:edit", args=[session.pk])
    response = staff_client.post(
        url, session_form(session, community=other_community.pk, **{"action-publish": "1"})
    )
    assert response.status_code == 200  # the form again, with the error
    assert "community" in response.context["form"].errors
    assert SessionPage.objects.get(pk=session.pk).community_id == session.community_id
    # The form offers only the editor's own community.
    choices = list(response.context["form"].fields["community"].queryset)
    assert choices == [session.community]


def test_create_a_session_for_own_community_only(
    staff_client, staff, session_index, other_community, opens_at
):
    url = reverse("wagtailadmin_pages:add", args=["governance", "sessionpage", session_index.pk])
    template = SessionPage(
        title="新的议事会",
        slug="new-session",
        community=other_community,
        collecting_starts=opens_at,
        discussion_starts=opens_at + timezone.timedelta(days=1),
        voting_starts=opens_at + timezone.timedelta(days=2),
        voting_ends=opens_at + timezone.timedelta(days=3),
        follow_up_starts=opens_at + timezone.timedelta(days=4),
    )
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, session_form(template, **{"action-publish": "1"}))
    assert response.status_code == 200
    assert not SessionPage.objects.filter(slug="new-session").exists()

    template.community = staff.community
    response = staff_client.post(url, session_form(template, **{"action-publish": "1"}))
    assert response.status_code == 302
    created = SessionPage.objects.get(slug="new-session")
    assert created.community == staff.community and created.live


def test_delete_another_communitys_session_is_refused(staff_client, other_session):
    url = reverse("wagtailadmin_pages:delete", args=[other_session.pk])
    assert refused(staff_client.get(url))
    assert refused(staff_client.post(url))
    assert SessionPage.objects.filter(pk=other_session.pk).exists()


def test_staff_delete_their_own_session(staff_client, session):
    response = staff_client.post(reverse("wagtailadmin_pages:delete", args=[session.pk]))
    assert response.status_code == 302
    assert not SessionPage.objects.filter(pk=session.pk).exists()


def test_unpublish_another_communitys_session_is_refused(staff_client, other_session):
    url = reverse("wagtailadmin_pages:unpublish", args=[other_session.pk])
    assert refused(staff_client.get(url))
    assert refused(staff_client.post(url))
    assert unchanged(other_session)


def test_staff_unpublish_their_own_session(staff_client, session):
    staff_client.post(reverse("wagtailadmin_pages:unpublish", args=[session.pk]))
    assert not SessionPage.objects.get(pk=session.pk).live


def test_copy_another_communitys_session_is_refused(staff_client, other_session, session_index):
    url = reverse("wagtailadmin_pages:copy", args=[other_session.pk])
    before = SessionPage.objects.count()
    assert refused(staff_client.get(url))
    response = staff_client.post(
        url,
        {"new_title": "抄来的", "new_slug": "copied", "new_parent_page": session_index.pk},
    )
    assert refused(response)
    assert SessionPage.objects.count() == before


def test_staff_copy_their_own_session(staff_client, session, session_index):
    url = reverse("wagtailadmin_pages:copy", args=[session.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(
        url,
        {"new_title": "下季度", "new_slug": "next-quarter", "new_parent_page": session_index.pk},
    )
    copy = SessionPage.objects.get(slug="next-quarter")
    assert copy.community_id == session.community_id


def test_move_another_communitys_session_is_refused(staff_client, other_session, session_index):
    assert refused(staff_client.get(reverse("wagtailadmin_pages:move", args=[other_session.pk])))
    confirm = reverse("wagtailadmin_pages:move_confirm", args=[other_session.pk, session_index.pk])
    assert refused(staff_client.post(confirm))
    assert unchanged(other_session)


def test_staff_may_move_their_own_session(staff_client, session, session_index):
    assert (
        staff_client.get(reverse("wagtailadmin_pages:move", args=[session.pk])).status_code == 200
    )
    confirm = reverse("wagtailadmin_pages:move_confirm", args=[session.pk, session_index.pk])
    assert staff_client.get(confirm).status_code == 200


def test_revisions_of_another_communitys_session_are_refused(
    staff_client, other_session, other_staff
):
    revision = other_session.save_revision(user=other_staff)
    assert refused(staff_client.get(reverse("wagtailadmin_pages:history", args=[other_session.pk])))
    for name in ("revisions_view", "revisions_revert"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[other_session.pk, revision.pk])
        assert refused(staff_client.get(url)), name
    assert refused(
        staff_client.post(
            reverse("wagtailadmin_pages:revisions_unschedule", args=[other_session.pk, revision.pk])
        )
    )


def test_lock_and_preview_of_another_communitys_session_are_refused(staff_client, other_session):
    assert refused(staff_client.post(reverse("wagtailadmin_pages:lock", args=[other_session.pk])))
    assert unchanged(other_session)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[other_session.pk])
    assert staff_client.post(preview, session_form(other_session)).status_code in (302, 403)


def test_bulk_actions_leave_another_communitys_session_alone(staff_client, other_session):
    for action in ("delete", "unpublish", "move"):
        url = f"/admin/bulk/wagtailcore/page/{action}/?id={other_session.pk}"
        staff_client.post(url, {"move_applicable": "on"})
    assert SessionPage.objects.filter(pk=other_session.pk, live=True).exists()
    assert unchanged(other_session)


def test_page_chooser_leaves_out_other_communities_sessions(
    staff_client, session, other_session, session_index
):
    url = reverse("wagtailadmin_choose_page_child", args=[session_index.pk])
    page = staff_client.get(url).json()["html"]
    assert session.title in page and other_session.title not in page
    search = staff_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "议事会"})
    assert other_session.title not in search.text


def test_admin_search_offers_no_way_into_another_communitys_session(
    staff_client, session, other_session
):
    page = staff_client.get(reverse("wagtailadmin_pages:search"), {"q": "议事会"}).text
    assert reverse("wagtailadmin_pages:edit", args=[other_session.pk]) not in page
    assert reverse("wagtailadmin_pages:delete", args=[other_session.pk]) not in page


# Matters in the snippet admin: only the staff's own community's, never moved across.


def test_matter_admin_refuses_another_communitys_matter(staff_client, other_session):
    matter = MatterFactory(session=other_session, title="别人的议题")
    url = reverse("wagtailsnippets_governance_matter:edit", args=[matter.pk])
    assert refused(staff_client.get(url))
    staff_client.post(url, {"title": "被改了", "description": "x", "category": "other"})
    assert Matter.objects.get(pk=matter.pk).title == "别人的议题"
    for view in ("history", "usage", "delete"):
        url = reverse(f"wagtailsnippets_governance_matter:{view}", args=[matter.pk])
        assert refused(staff_client.get(url)), view
    listing = staff_client.get(reverse("wagtailsnippets_governance_matter:list")).text
    assert "别人的议题" not in listing


def test_staff_search_their_communitys_matters_in_the_admin(staff_client, session, other_session):
    """The listing is narrowed to the community and the state filter before the search
    index is asked: both must be filters the index knows (a 500 otherwise)."""
    from django.core.management import call_command

    MatterFactory(session=session, title="垃圾清运时间", state="accepted")
    MatterFactory(session=other_session, title="垃圾桶太少", state="accepted")
    call_command("update_index", verbosity=0)
    listing = reverse("wagtailsnippets_governance_matter:list")
    for query in ({"q": "垃圾"}, {"q": "垃圾", "state": "accepted", "category": "other"}):
        response = staff_client.get(listing, query)
        assert response.status_code == 200, query
    response = staff_client.get(listing, {"q": "垃圾"})
    assert "垃圾清运时间" in response.text and "垃圾桶太少" not in response.text


def test_matter_cannot_be_moved_into_another_communitys_session(
    staff_client, session, other_session
):
    matter = MatterFactory(session=session, title="本社区议题")
    url = reverse("wagtailsnippets_governance_matter:edit", args=[matter.pk])
    assert staff_client.get(url).status_code == 200
    data = {
        "title": "本社区议题",
        "description": "请讨论",
        "category": "other",
        "session": other_session.pk,
        "state": "accepted",
        "decline_reason": "",
        "response": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "session" in response.context["form"].errors
    assert Matter.objects.get(pk=matter.pk).session_id == session.pk
    data["session"], data["title"] = session.pk, "改好的议题"
    assert staff_client.post(url, data).status_code == 302
    assert Matter.objects.get(pk=matter.pk).title == "改好的议题"


def test_nobody_adds_matters_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert refused(client.get(reverse("wagtailsnippets_governance_matter:add")))


# The demo's community staff reach their sessions.


def test_demo_staff_run_their_own_sessions(db, client):
    from governance import demo
    from portal import demo as portal_demo

    context = portal_demo.build()
    demo.build(context)
    staff = context.user("13800138001")
    for session in SessionPage.objects.filter(community=staff.community):
        assert session.permissions_for_user(staff).can_edit()
        assert session.permissions_for_user(staff).can_publish()
    client.force_login(staff)
    session = SessionPage.objects.filter(community=staff.community).first()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[session.pk])).status_code == 200
