"""The community boundary (portal/boundary.py) and its rule predicate, on real models."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from governance.covenant.factories import CovenantPageFactory, make_version
from governance.covenant.models import Clause, CovenantVersion
from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Matter, SessionPage
from portal.boundary import community_id_of, has_boundary, within, within_generic
from portal.discussion.services import add_comment
from portal.factories import UserFactory, staff_user
from portal.models import Community, User
from portal.rules import in_users_community
from training.models import TrainingClass


@pytest.fixture
def two(community, other_community):
    """A session, a matter and a covenant version in each of two communities."""
    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    home = Site.objects.get(is_default_site=True).root_page
    made = {}
    for key, place in (("mine", community), ("theirs", other_community)):
        session = SessionPageFactory(parent=index, community=place)
        covenant = CovenantPageFactory(parent=home, community=place)
        made[key] = {
            "session": session,
            "matter": MatterFactory(session=session),
            "version": make_version(covenant, [(None, "总则", "一条", "内容")]),
        }
    return made


def _pks(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("kind", ["session", "matter", "version"])
def test_within_keeps_the_users_community_and_outside_the_rest(two, staff, kind):
    model = {"session": SessionPage, "matter": Matter, "version": CovenantVersion}[kind]
    mine, theirs = two["mine"][kind].pk, two["theirs"][kind].pk
    assert _pks(model.objects.within(staff)) == {mine}
    assert _pks(model.objects.outside(staff)) == {theirs}
    assert _pks(within(model.objects.all(), staff)) == {mine}


def test_superusers_see_every_community_and_nothing_is_outside(two, superuser):
    assert _pks(Matter.objects.within(superuser)) == {m["matter"].pk for m in two.values()}
    assert not Matter.objects.outside(superuser).exists()


@pytest.mark.parametrize("who", ["anonymous", "no_community"])
def test_nobody_without_a_community_sees_any(two, who):
    user = AnonymousUser() if who == "anonymous" else UserFactory(community=None)
    assert not Matter.objects.within(user).exists()
    assert _pks(Matter.objects.outside(user)) == {m["matter"].pk for m in two.values()}


def test_the_community_path_is_followed_and_users_and_communities_have_one(two, community, staff):
    assert _pks(within(Clause.objects.all(), staff)) == {two["mine"]["version"].rows[0].clause_id}
    assert _pks(within(Community.objects.all(), staff)) == {community.pk}
    assert staff.pk in _pks(within(User.objects.all(), staff))


def test_a_model_without_a_community_must_say_so(db, staff):
    assert not has_boundary(TrainingClass)
    with pytest.raises(ImproperlyConfigured):
        within(TrainingClass.objects.all(), staff)


def test_community_id_of_reads_the_objects_community(two, community, staff):
    mine = two["mine"]
    assert community_id_of(community) == community.pk
    assert community_id_of(mine["matter"]) == community.pk
    assert community_id_of(mine["session"]) == community.pk
    assert community_id_of(mine["version"]) == community.pk
    assert community_id_of(mine["version"].rows[0].clause) == community.pk
    assert community_id_of(staff) == community.pk
    assert community_id_of(None) is None


@pytest.mark.parametrize("kind", ["session", "matter", "version"])
def test_the_predicate_agrees_with_the_queryset(two, staff, other_staff, superuser, kind):
    mine, theirs = two["mine"][kind], two["theirs"][kind]
    assert in_users_community(staff, mine) and not in_users_community(staff, theirs)
    assert in_users_community(other_staff, theirs) and not in_users_community(other_staff, mine)
    assert in_users_community(superuser, mine) and in_users_community(superuser, theirs)
    assert not in_users_community(AnonymousUser(), mine)
    assert not in_users_community(UserFactory(community=None), mine)
    assert not in_users_community(staff, None)


def test_within_generic_follows_comments_to_their_objects(two, staff, superuser):
    mine = add_comment(two["mine"]["matter"], staff, "我们社区的")
    theirs = add_comment(two["theirs"]["matter"], staff, "别的社区的")
    comments = XtdComment.objects.all()
    assert _pks(within_generic(comments, staff)) == {mine.pk}
    assert _pks(within_generic(comments, superuser)) == {mine.pk, theirs.pk}
    assert not within_generic(comments, AnonymousUser()).exists()


@pytest.fixture
def other_staff(other_community):
    return staff_user(community=other_community)


def test_near_is_the_own_community_or_everywhere_for_someone_of_none(db):
    from django.contrib.auth.models import AnonymousUser

    from portal.boundary import near
    from portal.factories import CommunityFactory as Communities
    from portal.factories import UserFactory as Users
    from portal.models import Community

    here, there = Communities(), Communities()
    everyone = Community.objects.filter(pk__in=[here.pk, there.pk])
    assert set(near(everyone, AnonymousUser())) == {here, there}
    assert set(near(everyone, Users(community=None))) == {here, there}
    assert list(near(everyone, Users(community=here))) == [here]
    assert set(near(everyone, Users(community=here, is_superuser=True))) == {here, there}
