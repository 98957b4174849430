"""Demo sessions: one finished with results and follow-up, one open for voting now."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from portal.models import User

from . import services
from .models import FollowUp, Matter, Participation, SessionIndexPage, SessionPage, Tally
from .permissions import grant_staff_page_permissions

C = Matter.Category
RULES = (
    "<p>每位居民每季度最多提出三项议题。议题经社区工作人员整理后进入讨论和表决。</p>"
    "<p>经过认证的本社区居民可以在网上表决，也可以到现场举手表决；表决结果和落实情况都会公开。</p>"
)

# (title, category, description, online choices cycled over the residents, hands)
FINISHED = [
    (
        "菜市场门口早高峰乱停三轮车",
        C.SAFETY,
        "每天早上六点到八点，菜市场门口三轮车停满人行道，老人孩子只能走马路。建议划出临时停车区。",
        ["for", "for", "for", "against", "abstain"],
        (23, 4, 2),
    ),
    (
        "5 号楼后垃圾清运改为每天两次",
        C.ENVIRONMENT,
        "夏天垃圾一天一运不够，气味很大。希望改为早晚各一次。",
        ["for", "for", "against"],
        (18, 6, 1),
    ),
    (
        "居民公约第七条增加租房登记的说明",
        C.COVENANT_AMENDMENT,
        "新来的租户不知道去哪里登记，建议在公约里写清楚地点和需要带的证件。",
        ["against", "against", "for", "abstain"],
        (5, 12, 3),
    ),
]
OPEN = [
    (
        "工地夜间施工噪音",
        C.ENVIRONMENT,
        "柳林路工地晚上十一点以后还在施工，附近住户睡不好。希望社区和施工单位商量时间。",
        ["for", "for", "abstain"],
    ),
    (
        "给外来务工子女开放社区图书室周末时间",
        C.PUBLIC_SERVICES,
        "很多家长周末要上班，孩子没有地方看书写作业。建议图书室周末下午开放。",
        ["for"],
    ),
    (
        "社区卫生站增加免费康检的晚间时段",
        C.HEALTH_FAMILY,
        "在工地和市场上班的人白天请不了假，希望每月有一次晚上的康检。",
        [],
    ),
]


def build(context):
    now = timezone.now()
    index = _index()
    finished = _session(
        index, context, "2026-q3", "2026年第三季度议事会", now - timedelta(days=120)
    )
    current = _session(index, context, "2026-q4", "2026年第四季度议事会", now - timedelta(days=20))
    # And the next one already collecting matters, so a newcomer finds where to submit one
    # while the current one votes: every path is there at demo load time.
    _session(index, context, "2027-q1", "2027年第一季度议事会", now - timedelta(days=2))
    # The demo's residents were verified before the finished session began, so they
    # count among its eligible voters (turnout is frozen as of the end of voting).
    User.objects.filter(
        community=context.community, verified_at__gt=finished.collecting_starts
    ).update(verified_at=finished.collecting_starts - timedelta(days=30))
    authors = context.residents
    staff = context.user("13800138001")
    for i, (title, category, text, choices, hands) in enumerate(FINISHED):
        matter = _matter(finished, authors[i], title, category, text, context, choices)
        tally = Tally.objects.get(matter=matter)
        if tally.hands_recorded_at is None:
            tally.hands_for, tally.hands_against, tally.hands_abstain = hands
            services.record_hands(tally, staff)
    first = Matter.objects.get(session=finished, title=FINISHED[0][0])
    if not first.follow_ups.exists():
        services.add_follow_up(
            first,
            staff,
            FollowUp.Status.PLANNED,
            "已和市场管理方商定，在东侧空地划出三轮车临时停车区。",
            response="采纳。社区将与市场协会一起划定停车区，并安排志愿者早高峰引导。",
        )
        services.add_follow_up(
            first,
            staff,
            FollowUp.Status.DONE,
            "停车区已经划好并立了牌子，志愿者每周一到周五早上值班。",
        )
        # Date the response and updates as they happened, after the vote.
        Matter.objects.filter(pk=first.pk).update(
            responded_at=finished.voting_ends + timedelta(days=2)
        )
        first.follow_ups.filter(status=FollowUp.Status.PLANNED).update(
            created_at=finished.voting_ends + timedelta(days=2)
        )
        first.follow_ups.filter(status=FollowUp.Status.DONE).update(
            created_at=finished.follow_up_starts + timedelta(days=10)
        )
    for i, (title, category, text, choices) in enumerate(OPEN):
        _matter(current, authors[3 + i], title, category, text, context, choices)
    _suggestion(context, now)
    return index


def _index():
    home = Site.objects.get(is_default_site=True).root_page
    index = SessionIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=SessionIndexPage(
                title="季度议事会",
                slug="yishi",
                introduction="一事一议：每季度一次，大家提出议题、讨论、表决，并一起看落实情况。",
            )
        )
        index.save_revision().publish()
    # Community staff create and edit their community's sessions under the index.
    grant_staff_page_permissions(index)
    return index


def _session(index, context, slug, title, start):
    session = SessionPage.objects.child_of(index).filter(slug=slug).first()
    if session is None:
        session = index.add_child(
            instance=SessionPage(
                title=title,
                slug=slug,
                community=context.community,
                introduction="本季度议事会欢迎所有居民参加，外来务工人员和本地居民一起商量社区的事。",
                rules=RULES,
                venue="社区居委会二楼议事厅",
                collecting_starts=start,
                discussion_starts=start + timedelta(days=7),
                voting_starts=start + timedelta(days=17),
                voting_ends=start + timedelta(days=24),
                follow_up_starts=start + timedelta(days=40),
                meeting_at=start + timedelta(days=23, hours=11),
            )
        )
        session.save_revision().publish()
    return session


def _matter(session, author, title, category, text, context, choices):
    matter = Matter.objects.filter(session=session, title=title).first()
    if matter is None:
        matter = Matter.objects.create(
            session=session,
            community=session.community,
            author=author,
            title=title,
            category=category,
            description=text,
            created_at=session.collecting_starts + timedelta(days=2),
        )
        services.accept(matter, session, by=context.user("13800138001"))
        Matter.objects.filter(pk=matter.pk).update(triaged_at=matter.created_at + timedelta(days=1))
        _comments(matter, context)
    if not Participation.objects.filter(matter=matter).exists():
        for voter, choice in zip(context.residents, choices * 5, strict=False):
            services.cast_vote(matter, voter, choice)
    return matter


def _comments(matter, context):
    kind = ContentType.objects.get_for_model(Matter)
    first = XtdComment.objects.create(
        content_type=kind,
        object_pk=str(matter.pk),
        site_id=1,
        user=context.residents[5],
        user_name=context.residents[5].public_name,
        comment="同意，这件事确实影响大家，希望尽快解决。",
        submit_date=matter.created_at + timedelta(days=6),
    )
    XtdComment.objects.create(
        content_type=kind,
        object_pk=str(matter.pk),
        site_id=1,
        user=context.residents[6],
        user_name=context.residents[6].public_name,
        parent_id=first.pk,
        comment="我也住这附近，可以帮忙去问问具体情况。",
        submit_date=matter.created_at + timedelta(days=7),
    )


def _suggestion(context, now):
    Matter.objects.get_or_create(
        community=context.community,
        title="楼道灯坏了很久没人修",
        defaults={
            "category": C.SAFETY,
            "from_suggestion_box": True,
            "created_at": now,
            "description": "3 号楼二单元楼道灯坏了一个多月，晚上下楼很危险。",
        },
    )
