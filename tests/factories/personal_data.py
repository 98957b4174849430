"""A person with one of everything the site can hold about them, made through the apps'
services: for the "my data" and account deletion tests."""

from dataclasses import dataclass, field
from datetime import time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Site

from governance.covenant.factories import CovenantPageFactory, make_version
from governance.covenant.services import adopt
from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Tally
from governance.services import cast_vote, record_hands
from governance.units import services as units
from governance.units.factories import make_agreement, make_template
from governance.units.models import AgreementKind, Unit, UnitKind
from pages.associations.models import Membership
from portal import uploads
from portal.discussion.services import add_comment, flag, toggle_like
from portal.factories import TOTP_TEST_SECRET, CommunityFactory, UserFactory, staff_user
from portal.moves.services import request_move
from portal.notifications import notify
from portal.privacy.services import give_sensitive_consent
from tests.factories.associations import (
    AssociationIndexPageFactory,
    AssociationPageFactory,
    MembershipFactory,
    MinutesFactory,
)
from training.care import services as care
from training.care.models import HelpRequest
from training.models import CourseIndexPage, CoursePage, LessonPage, LifeStage, TrainingClass
from training.services import complete_lesson, register

# What identifies the person: the tests look for these anywhere in the database.
NAME = "柯晓岚"
PHONE = "+8613912345678"
EMAIL = "kexiaolan@example.cn"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Life:
    person: object
    others: list = field(default_factory=list)
    matters: list = field(default_factory=list)
    comments: dict = field(default_factory=dict)
    certificate: object = None
    minutes: object = None
    units: list = field(default_factory=list)
    care: dict = field(default_factory=dict)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def full_life(community):
    """A verified resident named ``NAME`` who did everything once, among neighbours who
    voted too (so that tallies have something to keep)."""
    home = Site.objects.get(is_default_site=True).root_page
    person = UserFactory(
        community=community,
        verified=True,
        display_name=NAME,
        first_name="晓岚",
        last_name="柯",
        phone=PHONE,
        email=EMAIL,
    )
    staff = staff_user(community=community)
    neighbour = UserFactory(community=community, verified=True)
    life = Life(person=person, others=[staff, neighbour])
    # Privacy: the notice agreed to at sign-up (the factory), and the sensitive consents the
    # community services ask for (check-ups, help for the family), given on their page.
    for purpose in (care.CHECKUP, care.FAMILY_HELP):
        give_sensitive_consent(person, purpose)
    EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
    TOTP.activate(person, TOTP_TEST_SECRET)

    # Governance: a matter of theirs, votes (theirs and a neighbour's), in-person counts.
    index = SessionIndexPageFactory(parent=home)
    session = SessionPageFactory(
        parent=index, community=community, collecting_starts=timezone.now() - timedelta(days=25)
    )
    mine = MatterFactory(session=session, author=person, title="楼道堆物怎么办")
    other = MatterFactory(session=session, author=neighbour, title="晾衣架")
    life.matters = [mine, other]
    cast_vote(mine, person, "against")
    cast_vote(mine, person, "for")  # changed their mind
    cast_vote(other, person, "abstain")
    cast_vote(mine, neighbour, "against")
    tally = Tally.objects.get(matter=other)  # fresh: other.tally was loaded before the votes
    tally.hands_for, tally.hands_against, tally.hands_abstain = 3, 1, 0
    record_hands(tally, staff)

    # Discussion: a comment someone answered, one nobody did, a reply, a like, a report.
    answered = add_comment(mine, person, "建议每周清理一次。")
    reply = add_comment(mine, neighbour, "同意！", parent=answered)
    theirs = add_comment(other, neighbour, "我家没地方晾。")
    # The neighbour follows this discussion now: they are told, by name, of this comment.
    unanswered = add_comment(other, person, "晾衣架放在楼顶吧。")
    toggle_like(reply, person)
    flag(theirs, person)
    life.comments = {"answered": answered, "reply": reply, "unanswered": unanswered}
    notify([person], "有人回复了你的评论。", "/")

    # Staff verified them: an audit entry about the person.
    person.verify(by=staff)

    # Covenant: an adoption.
    covenant = CovenantPageFactory(parent=home, community=community)
    version = make_version(
        covenant,
        [(None, "安全", "消防安全", "不在楼道里给电动车充电。")],
        effective_date=timezone.localdate() - timedelta(days=3),
    )
    adopt(version, person)

    # Population school: a course finished (with its certificate) and a class place.
    school = _publish(home, CourseIndexPage(title="人口学校", slug="school"))
    course = _publish(
        school,
        CoursePage(
            title="新婚知识",
            slug="newly-married",
            life_stage=LifeStage.NEWLY_MARRIED,
            audience="新婚夫妻",
            duration_minutes=30,
            overview="<p>概述</p>",
        ),
    )
    lesson = _publish(
        course, LessonPage(title="第1课", slug="lesson-1", body=[("paragraph", "<p>课文</p>")])
    )
    enrolment = complete_lesson(person, lesson)
    life.certificate = enrolment.certificate
    starts = timezone.now() + timedelta(days=3)
    training_class = TrainingClass.objects.create(
        title="新婚讲座",
        course=course,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="社区活动室",
        capacity=1,
    )
    register(training_class, person)
    register(training_class, neighbour)  # waiting: gets the place when the person goes

    # Associations: a leader's membership, minutes they wrote and attended.
    associations = AssociationIndexPageFactory(parent=home)
    association = AssociationPageFactory(parent=associations, community=community)
    MembershipFactory(association=association, user=person, role=Membership.Role.LEADER)
    life.minutes = MinutesFactory(association=association, created_by=person)
    life.minutes.attendees.add(person, neighbour)

    # Moving: a request to move elsewhere, waiting, whose reason names them.
    request_move(person, CommunityFactory(), f"{NAME}一家搬去女儿家附近。")

    # Units: the lead of their shop (by name and phone too), a contact of the building site
    # they work on, where they signed the workers' agreement.
    shop = units.save_unit(
        Unit(community=community),
        staff,
        fields={
            "name": "晓岚便利店",
            "kind": UnitKind.SHOP,
            "lead": person,
            "lead_name": NAME,
            "lead_phone": PHONE,
        },
    )
    site = units.save_unit(
        Unit(community=community),
        staff,
        fields={"name": "城南工地", "kind": UnitKind.CONSTRUCTION_SITE},
        coordinators=[{"name": NAME, "phone": PHONE, "user": person}],
    )
    workers = make_agreement(make_template(community, AgreementKind.UNIT_WORKERS), site, by=staff)
    units.sign_as_worker(workers, person)
    life.units = [shop, site]

    # Community services: the only place on an upcoming check-up day (the neighbour waits
    # for it, and gets it when the person goes), and a request for help, naming them, with
    # a document, that staff referred.
    give_sensitive_consent(neighbour, care.CHECKUP)
    day = care.schedule_day(
        staff,
        date=timezone.localdate() + timedelta(days=5),
        starts_at=time(8, 30),
        ends_at=time(11, 30),
        place="社区卫生服务站",
        capacity=1,
        who_may_come="育龄妇女",
    )
    booking = care.book(day, person, remind_by_sms=True)
    care.book(day, neighbour)
    help_request = care.ask_for_help(
        person,
        HelpRequest.Kind.SCHOOL,
        f"{NAME}家的孩子随迁入学，需要帮助。",
        [uploads.clean_document(SimpleUploadedFile("户口本.pdf", PDF, "application/pdf"))],
    )
    care.set_status(staff, help_request, HelpRequest.Status.REFERRED, "已转教育局。")
    life.care = {
        "day": day,
        "booking": booking,
        "help_request": help_request,
        "document": help_request.documents.get(),
    }
    return life
