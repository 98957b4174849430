"""The URLconf walked once, a world of real objects to fill its URLs, and a client per role.

Shared by the role × route matrix (``tests/test_route_matrix.py``) and the malformed-input
run (``tests/test_malformed_input.py``): both are generated from the same walk, so a new
route is in both without anyone writing a test for it.

What is walked (``routes()``): every pattern of the URLconf, through includes and the
language prefix, except

- Wagtail's and Django's admin internals: under ``admin/`` only the views the project adds
  (defined in one of its packages: a resident list, the audit log, the minutes listing,
  snippet views made permission-aware in ``portal.access``) and the admin's front door are
  kept; under ``django-admin/`` its index and login;
- static files and media (served by nginx in production, not by the URLconf).

Wagtail's page serving (``wagtail_serve``) is one pattern for every page: it stands for one
route per page type, named ``page:<app_label>.<Model>`` (``page_routes()``).
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.messages import constants as message_levels
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import Page, Site

from portal import capabilities, roles
from portal.routes import ROLES

PROJECT_PACKAGES = ("portal", "governance", "pages", "training")
ADMIN_FRONT_DOORS = {"wagtailadmin_home", "admin:index", "admin:login"}
PAGE_SERVING = "wagtail_serve"


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or page:<label> for a page type
    pattern: str  # the full pattern, as written, prefixes included
    kwargs: tuple[str, ...] = ()  # the URL's keyword (or positional) parameters
    converters: tuple[str, ...] = ()  # their converters ("int", "str", "uuid", "re")
    callback: object = None

    @property
    def is_page(self):
        return self.name.startswith("page:")


def _module_of(callback):
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return view_class.__module__
    return getattr(callback, "__module__", "") or type(callback).__module__


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _parameters(pattern):
    regex = pattern.pattern.regex
    if _PARAMETER.search(str(pattern.pattern)):
        found = _PARAMETER.findall(str(pattern.pattern))
        return tuple(name for _c, name in found), tuple(c or "str" for c, _n in found)
    if regex.groupindex:
        names = tuple(regex.groupindex)
        return names, ("re",) * len(names)
    return tuple(f"_{n}" for n in range(regex.groups)), ("re",) * regex.groups


def _in_scope(route, name, callback):
    if route.startswith("django-admin/"):
        return name in ADMIN_FRONT_DOORS
    if route.startswith("admin/"):
        module = _module_of(callback)
        return name in ADMIN_FRONT_DOORS or module.split(".")[0] in PROJECT_PACKAGES
    return not route.startswith(("static/", "media/"))


def routes():
    """Every route in scope, by name, with page serving split into one route per page type."""
    found = {}
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if not _in_scope(route, name, pattern.callback):
            continue
        if name == PAGE_SERVING:
            found.update(page_routes(route))
            continue
        kwargs, converters = _parameters(pattern)
        key = name or f"<unnamed {route}>"
        found.setdefault(key, Route(key, route, kwargs, converters, pattern.callback))
    return found


def page_types():
    """Every concrete page type of the project's apps."""
    return sorted(
        f"{model._meta.label}"
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and model.__module__.split(".")[0] in PROJECT_PACKAGES
    )


def page_routes(pattern=""):
    return {f"page:{label}": Route(f"page:{label}", pattern) for label in page_types()}


def declared():
    """Every row declared, the portal's and each capability's."""
    return capabilities.route_rules()


# Outcomes -------------------------------------------------------------------------------


def outcome(response):
    """What a response amounts to (``portal/routes.py``): ``"ok"``, ``"refused"`` (a
    redirect carrying a warning or an error: the view's own "you may not"), ``"login"``
    (sent to a login page) or the status code (403, 404, 405, …). Wagtail's admin says
    "permission denied" by sending to its home page: that counts as a 403."""
    status = response.status_code
    if 300 <= status < 400:
        location = urlsplit(response.get("Location", "")).path
        if "/login/" in location:
            return "login"
        if location == reverse("wagtailadmin_home"):
            return 403
        storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
        queued = getattr(storage, "_queued_messages", [])
        if any(message.level >= message_levels.WARNING for message in queued):
            return "refused"
        return "ok"
    if 200 <= status < 300:
        return "ok"
    return status


# The world ------------------------------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role → User (None: anonymous)
    objects: dict = field(default_factory=dict)  # "app_label.Model" → object in community A
    pages: dict = field(default_factory=dict)  # "app_label.Model" → live page of that type

    def kwarg(self, source):
        """The value for a URL parameter declared as ``"app_label.Model"`` (its pk),
        ``"app_label.Model:field"`` or ``"app_label.Model#variant:field"``."""
        key, _, attribute = source.partition(":")
        obj = self.objects[key]
        return str(getattr(obj, attribute or "pk"))


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def build_world():  # noqa: PLR0915 - one object of each kind, in order
    """Two communities, each with its staff, a session in its voting phase with a matter
    (accepted, with a photo) and a private one, a covenant in force, an association with
    its leader and members-only minutes with a file; a course with a lesson, a quiz, a
    class and a certificate; comments; an audit entry; a document."""
    from wagtail.documents.models import Document

    from governance.covenant.factories import CovenantPageFactory, make_version
    from governance.covenant.models import Clause
    from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
    from governance.models import Matter
    from pages.associations.models import Attachment, Meeting, Membership
    from pages.models import StandardPage
    from portal.audit.models import Action, AuditEntry
    from portal.discussion.services import add_comment
    from portal.factories import CommunityFactory, UserFactory, school_staff_user, staff_user
    from tests.factories.associations import (
        AssociationIndexPageFactory,
        AssociationPageFactory,
        MembershipFactory,
        MinutesFactory,
    )
    from training.models import (
        Certificate,
        Choice,
        CourseIndexPage,
        CoursePage,
        Enrolment,
        LessonPage,
        LifeStage,
        Question,
        Quiz,
        TrainingClass,
    )

    world = World()
    home = Site.objects.get(is_default_site=True).root_page.specific
    here, there = CommunityFactory(), CommunityFactory()
    users = world.users
    users["anonymous"] = None
    users["resident"] = UserFactory(community=here)
    users["verified"] = UserFactory(community=here, verified=True)
    users["leader"] = UserFactory(community=here, verified=True, roles=[roles.ASSOCIATION_LEADER])
    users["staff"] = staff_user(community=here)
    users["school"] = school_staff_user(community=here)
    users["superuser"] = UserFactory(community=here, is_superuser=True, is_staff=True)
    users["superuser"].groups.add(Group.objects.get(name=roles.VERIFIED_RESIDENT))
    users["other_staff"] = staff_user(community=there)
    assert set(users) == set(ROLES)
    if not users["superuser"].verified_at:
        users["superuser"].verified_at = timezone.now()
        users["superuser"].save()

    objects = world.objects
    objects["portal.User"] = UserFactory(community=here)  # waiting to be verified
    objects["portal.Community"] = here

    # Governance: a session in its voting phase in each community.
    index = SessionIndexPageFactory(parent=home)
    opened = timezone.now() - timedelta(days=25)
    for community in (there, here):
        session = SessionPageFactory(parent=index, community=community, collecting_starts=opened)
        matter = MatterFactory(session=session, author=UserFactory(community=community))
        matter.photo.save("photo.png", ContentFile(_png()), save=True)
    private = MatterFactory(
        session=session, author=users["resident"], state=Matter.State.NEW, title="私人议题"
    )
    objects["governance.SessionPage"] = session
    objects["governance.Matter"] = matter
    objects["governance.Matter#new"] = private

    # The covenant, in force, with one clause, and a draft under consultation.
    covenant = CovenantPageFactory(parent=home, community=here)
    clause = Clause.objects.create(covenant=covenant)
    version = make_version(
        covenant,
        [(clause, "总则", "爱护环境", "不乱扔垃圾。")],
        effective_date=timezone.localdate() - timedelta(days=30),
    )
    objects["covenant.CovenantPage"] = covenant
    objects["covenant.CovenantVersion"] = version
    objects["covenant.Clause"] = clause

    # Associations: one per community; the leader's, with a member asking to join.
    association_index = AssociationIndexPageFactory(parent=home)
    AssociationPageFactory(parent=association_index, community=there)
    association = AssociationPageFactory(parent=association_index, community=here)
    MembershipFactory(association=association, user=users["leader"], role=Membership.Role.LEADER)
    pending = MembershipFactory(
        association=association, user=users["verified"], status=Membership.Status.PENDING
    )
    meeting = Meeting.objects.create(
        association=association, starts_at=timezone.now() + timedelta(days=3), place="市场办公室"
    )
    minutes = MinutesFactory(association=association, members_only=True, created_by=users["leader"])
    attachment = Attachment(
        minutes=minutes,
        kind=Attachment.Kind.PHOTO,
        name="签到表.png",
        content_type="image/png",
        uploaded_by=users["leader"],
    )
    attachment.file.save("sheet.png", ContentFile(_png()), save=True)
    objects["associations.AssociationPage"] = association
    objects["associations.Membership"] = pending
    objects["associations.Meeting"] = meeting
    objects["associations.Minutes"] = minutes
    objects["associations.Attachment"] = attachment

    # Training: a course with a lesson and a quiz, a class, a certificate.
    school = _publish(home, CourseIndexPage(title="人口学校", slug="school"))
    course = _publish(
        school,
        CoursePage(
            title="避孕知识",
            slug="contraception",
            life_stage=LifeStage.CONTRACEPTION,
            audience="夫妻",
            duration_minutes=40,
            overview="<p>概述</p>",
        ),
    )
    lesson = _publish(course, LessonPage(title="第1课", slug="lesson-1", body=[]))
    quiz = Quiz(lesson=lesson, title="小测验", pass_mark=100)
    quiz.questions = [
        Question(
            text="哪种方法？", choices=[Choice(text="避孕套", correct=True), Choice(text="不用")]
        )
    ]
    quiz.save()
    quiz.save_revision().publish()
    training_class = TrainingClass.objects.create(
        title="避孕知识课",
        course=course,
        place="社区活动室",
        capacity=20,
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=1),
    )
    enrolment = Enrolment.objects.create(user=users["verified"], course=course)
    certificate = Certificate.objects.create(
        enrolment=enrolment, name="居民", course_title=course.title
    )
    objects["training.CoursePage"] = course
    objects["training.LessonPage"] = lesson
    objects["training.Quiz"] = Quiz.objects.get(pk=quiz.pk)
    objects["training.TrainingClass"] = training_class
    objects["training.Certificate"] = certificate

    # Comments on the public matter; an audit entry; a document.
    comment = add_comment(matter, users["verified"], "同意，早该修了。")
    objects["django_comments_xtd.XtdComment"] = comment
    objects["portal.AuditEntry"] = AuditEntry.objects.create(
        actor=users["staff"], action=Action.choices[0][0], community=here, target_label="测试"
    )
    document = Document(title="通知")
    document.file.save("notice.txt", ContentFile(b"notice"), save=True)
    objects["wagtaildocs.Document"] = document

    _add_platform_records(world, here, there)
    _add_units(world, here, there)

    standard = _publish(home, StandardPage(title="关于我们", slug="about"))
    for page in (
        home,
        index,
        session,
        covenant,
        association_index,
        association,
        school,
        course,
        lesson,
        standard,
    ):
        world.pages[page.specific_class._meta.label] = page

    # Community services (training.care), in community one: the verified resident gave both
    # sensitive consents, booked a place on an upcoming check-up day and asked for help with
    # a document. (A block of its own, kept last: training/care/routes.py reads it.)
    from datetime import time as clock

    from portal.privacy.services import give_sensitive_consent
    from training.care import services as care
    from training.care.models import CheckupDay, HelpDocument, HelpRequest

    for purpose in (care.CHECKUP, care.FAMILY_HELP):
        give_sensitive_consent(users["verified"], purpose)
    day = care.schedule_day(
        users["staff"],
        date=timezone.localdate() + timedelta(days=7),
        starts_at=clock(8, 30),
        ends_at=clock(11, 30),
        place="社区卫生服务站",
        capacity=10,
        who_may_come="育龄妇女",
    )
    objects["care.CheckupDay"] = CheckupDay.objects.get(pk=day.pk)
    objects["care.Booking"] = care.book(day, users["verified"])
    help_request = care.ask_for_help(users["verified"], HelpRequest.Kind.SCHOOL, "孩子入学")
    document = HelpDocument(
        request=help_request,
        name="证明.pdf",
        content_type="application/pdf",
        uploaded_by=users["verified"],
    )
    document.file.save("proof.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    objects["care.HelpRequest"] = help_request
    objects["care.HelpDocument"] = document
    return world


def _add_platform_records(world, here, there):
    """The privacy notice in force (the migrations ship version 1; every user of the world
    agreed to it at sign-up), the verified resident's consent to a sensitive use (health
    check-ups), a request to move from the other community to this one, and the
    verified resident's archive of their data, ready to download."""
    from portal.factories import UserFactory
    from portal.moves import services as moves
    from portal.personal_data import services as personal_data
    from portal.privacy import services as privacy

    users, objects = world.users, world.objects
    notice = privacy.notice_in_force()
    objects["privacy.PrivacyNotice"] = notice
    objects["privacy.SensitiveConsent"] = privacy.give_sensitive_consent(
        users["verified"], "health_checkup"
    )
    objects["portal.MoveRequest"] = moves.request_move(
        UserFactory(community=there, verified=True), here, "搬到女儿家住。"
    )
    export = personal_data.request_export(users["verified"])
    objects["portal.PersonalDataExport"] = personal_data.prepare(export)


def _add_units(world, here, there):
    """Units of each community; the association leader leads one here, a landlord's, whose
    agreement is signed (a photo of the sheet kept) and in force, with a draft renewal; a
    building site's workers' agreement in force; a joint meeting about the landlord's unit
    with a follow-up; a notice sent to it."""
    from governance.units import services as units
    from governance.units.factories import UnitFactory, make_agreement, make_template
    from governance.units.models import AgreementKind, Body, UnitKind

    users, objects = world.users, world.objects
    staff = users["staff"]
    UnitFactory(community=there, name="别处的出租屋")
    unit = UnitFactory(
        community=here, name="马阿姨出租屋", kind=UnitKind.LANDLORD, lead=users["leader"]
    )
    site = UnitFactory(community=here, name="城南工地", kind=UnitKind.CONSTRUCTION_SITE)
    template = make_template(here)
    agreement = make_agreement(template, unit, by=staff)
    agreement.signed_record.photo.save("signed.png", ContentFile(_png()), save=True)
    renewal = units.renew(agreement, staff)  # a draft
    workers = make_agreement(make_template(here, AgreementKind.UNIT_WORKERS), site, by=staff)
    meeting = units.save_meeting(
        here,
        staff,
        fields={"title": "联席会议", "held_on": timezone.localdate(), "place": "居委会"},
        units=[unit],
        agreements=[agreement],
        matters=[],
        attendance=[{"body": Body.choices[0][0], "represented_by": "王芳", "people": 2}],
        decisions=[{"text": "楼道不停电动车。"}],
        follow_ups=[{"text": "贴通知。", "owner": "马阿姨"}],
    )
    notice, _nobody = units.send_notice(
        here, staff, title="消防检查", body="本周五检查。", units=[unit]
    )
    objects["units.Unit"] = unit
    objects["units.AgreementTemplate"] = template
    objects["units.Agreement"] = agreement
    objects["units.Agreement#workers"] = workers
    objects["units.Agreement#renewal"] = renewal
    objects["units.JointMeeting"] = meeting
    objects["units.FollowUp"] = meeting.follow_ups.get()
    objects["units.UnitNotice"] = notice


# Fixtures: one world per test module --------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module in a transaction rolled back at its end (each
    test runs in a savepoint inside it)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        built = build_world()
        built.media_root = media
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def media_root(world, settings):
    """The world's files (tests/conftest.py gives each test an empty media folder)."""
    settings.MEDIA_ROOT = world.media_root


# Signing in -----------------------------------------------------------------------------


def sign_in(client, user):
    """``client`` signed in as ``user`` (nothing for the anonymous visitor), with a password
    typed a moment ago (at sign-in and at re-authentication) and a passed second factor
    recorded in the session as allauth records them, for any rule that asks."""
    if user is None:
        return client
    client.force_login(user)
    session = client.session
    now = time.time()
    # Just re-authenticated too, so the views behind allauth's ``reauthentication_required``
    # (my data, deleting the account) are reached and their own rules checked.
    records = [
        {"method": "password", "at": now, "username": user.username, "reauthenticated": True}
    ]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": now, "id": totp.pk, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    # allauth reads the records only for the user they were written for (a resident without
    # this would look as if never authenticated: sent to re-authenticate for "my data").
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client


def url_for(route, world, rules):
    """The path of ``route`` with its parameters filled from the world, as its row says."""
    if route.is_page:
        return world.pages[route.name.removeprefix("page:")].url
    sources = rules.get("kwargs", {})
    values = {}
    for name in route.kwargs:
        if name not in sources:
            raise KeyError(f"{route.name}: the row gives no source for the URL's {name!r}")
        values[name] = world.kwarg(sources[name]) if "." in sources[name] else sources[name]
    return reverse_route(route, values)


def reverse_route(route, values):
    """The path of ``route`` with its parameters set to ``values`` (strings, unchecked: a
    value its converter refuses is written into the pattern as it is)."""
    positional = all(name.startswith("_") for name in route.kwargs) and route.kwargs
    try:
        if positional:
            return reverse(route.name, args=[values[name] for name in route.kwargs])
        return reverse(route.name, kwargs=values)
    except NoReverseMatch:
        return "/" + _PARAMETER.sub(lambda m: values[m.group("name")], route.pattern)
