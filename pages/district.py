"""A district-sized data set for load tests: 28 communities, 60,000 residents and a year of
sessions, votes, comments, covenant versions, associations with minutes and courses.

Everything comes from one ``random.Random(seed)`` and a reference day, so the same seed and
day give the same data on SQLite and PostgreSQL. Rows go in with ``bulk_create``; the few
hundred Wagtail pages go in with ``add_child`` (no revisions), with search indexing and the
reference index switched off: run ``update_index`` afterwards when search matters.

Used by ``manage.py generate_district`` and by the performance tests.
"""

import math
import random
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_comments.models import Comment, CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.models import Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from governance.covenant.models import (
    Adoption,
    Clause,
    CovenantPage,
    CovenantVersion,
    VersionClause,
)
from governance.models import (
    Ballot,
    FollowUp,
    Matter,
    Participation,
    SessionIndexPage,
    SessionPage,
    Tally,
    ballot_token,
)
from portal import roles
from portal.models import Community, User
from portal.privacy.models import ConsentRecord
from portal.privacy.services import notice_in_force
from training.models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    LifeStage,
)

from .associations.models import (
    Action,
    AssociationIndexPage,
    AssociationPage,
    Decision,
    Meeting,
    Membership,
    Minutes,
    SiteType,
)

# The district at scale 1.0; ``--scale`` multiplies every count (with small floors).
FULL = {
    "communities": 28,
    "users": 60_000,
    "matters": 2_000,
    "votes": 200_000,
    "comments": 100_000,
    "associations": 60,
    "minutes": 1_000,
    "courses": 30,
    "lessons": 300,
    "enrolments": 20_000,
}
FLOORS = {
    "communities": 1,
    "users": 50,
    "matters": 8,
    "votes": 20,
    "comments": 30,
    "associations": 1,
    "minutes": 2,
    "courses": 1,
    "lessons": 3,
    "enrolments": 5,
}
SESSIONS_PER_COMMUNITY = 4
COVENANT_VERSIONS = 3
CLAUSES = 30
BATCH = 2_000

# Every generated user signs in with this password (local benchmarks only).
PASSWORD = "district-bench-2026"  # noqa: S105
SLUG_PREFIX = "district-"
PHONE_PREFIX = "+86136"  # +86136xxxxxxxx, valid mainland mobile numbers


def counts_for(scale):
    return {key: max(FLOORS[key], round(full * scale)) for key, full in FULL.items()}


def phone_of(n):
    return f"{PHONE_PREFIX}{n:08d}"


def bench_phone():
    """The generated user the benchmark signs in as: a verified resident of the first community."""
    return phone_of(1)


# Text ----------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏建国建华志强海燕"
    "春梅小红晓东桂芝凤英国华德明春花永刚"
)
HONORIFICS = ["师傅", "阿姨", "大姐", "大哥", "老板", "姐", "叔"]
COMMUNITY_NAMES = [
    "韩家沟",
    "二堰",
    "五堰",
    "白浪",
    "武当路",
    "人民路",
    "北京路",
    "茅箭",
    "东风",
    "柳林",
    "东岳",
    "西城",
    "紫荆",
    "花园",
    "滨河",
    "赛武当",
    "江苏路",
    "上海路",
    "香港路",
    "兴隆",
    "朝阳",
    "三堰",
    "施洋",
    "大川",
    "茅塔",
    "小川",
    "鸳鸯",
    "郧阳",
]
STREET_OFFICES = ["武当路街道办事处", "二堰街道办事处", "白浪街道办事处"]
PLACES = [
    "菜市场门口",
    "3 号楼后面",
    "小区东门",
    "建筑工地旁边",
    "社区卫生站",
    "公交站台",
    "幼儿园门口",
    "出租屋楼道",
    "垃圾中转站",
    "篮球场",
    "农贸市场北门",
    "夜市路口",
    "5 号楼地下车库",
    "老旧小区院子",
    "河边步道",
    "学校后门",
    "快递点",
    "公共厕所",
]
ISSUES = [
    "三轮车乱停",
    "垃圾清运不及时",
    "夜间施工噪音太大",
    "路灯坏了没人修",
    "下水道经常堵",
    "电动车在楼道充电",
    "孩子放学没人接",
    "租房登记不方便",
    "摊位占道",
    "下雨积水严重",
    "消防通道被堵",
    "楼道杂物堆放",
    "没有地方晾衣服",
    "流浪狗太多",
    "健身器材损坏",
    "停车位不够",
]
SUGGESTIONS = [
    "建议社区出面和有关单位协调",
    "希望增加一名保洁员",
    "可以在周末组织志愿者来清理",
    "建议划出临时停车区",
    "希望物业每周检查一次",
    "建议和施工单位商量作业时间",
    "可以在公告栏贴出通知让大家都知道",
    "希望开通晚上的服务时段",
    "建议在议事会上大家一起表决",
    "希望把处理结果公开出来",
    "可以请市场协会帮忙排班",
    "建议装一个监控探头",
]
OPENERS = [
    "我住在这里三年了，",
    "大家都知道，",
    "上个月开会的时候有人提过，",
    "我是在市场摆摊的，",
    "我们楼里很多是外地来打工的，",
    "说句实在话，",
    "我同意楼上的意见，",
    "补充一点，",
    "作为外来务工人员，",
    "我家孩子在附近上学，",
    "前天晚上我又看到了，",
    "",
]
EFFECTS = [
    "老人和孩子出门很不方便",
    "晚上睡不好觉",
    "天热的时候气味很大",
    "好几次差点出事",
    "新来的租户根本不知道找谁",
    "大家意见都很大",
    "上班的人早上赶时间很着急",
    "下雨天根本走不了路",
]
CLOSINGS = [
    "希望尽快解决。",
    "谢谢社区的工作人员。",
    "大家一起想想办法。",
    "我愿意当志愿者帮忙。",
    "这件事拖了很久了。",
    "支持！",
    "期待看到落实情况。",
    "",
]
CHAPTERS = ["总则", "邻里和睦", "环境卫生", "安全与消防", "租房与登记", "议事与监督"]
CLAUSE_TOPICS = [
    "爱护公共设施",
    "按时缴纳卫生费",
    "不在楼道堆放杂物",
    "电动车不进楼道充电",
    "租房及时登记",
    "邻里互相帮助",
    "垃圾分类投放",
    "夜间不大声喧哗",
    "文明养犬",
    "参加季度议事会",
    "尊重外来务工人员",
    "孩子按时入学",
    "配合消防检查",
    "不占道经营",
    "节约用水用电",
]
LESSON_TOPICS = [
    "身体的变化",
    "怎样保护自己",
    "常见的误区",
    "去哪里看医生",
    "家庭里的沟通",
    "营养和休息",
    "心情不好怎么办",
    "政策怎么享受",
    "免费康检",
    "孩子上学的手续",
]


class Text:
    """Chinese text of realistic length for titles, matters, comments and minutes."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def name(self):
        surname = self.pick(SURNAMES)
        if self.rng.random() < 0.4:
            return surname + self.pick(HONORIFICS)
        return surname + "".join(self.pick(GIVEN) for _ in range(self.rng.randint(1, 2)))

    def title(self):
        return f"{self.pick(PLACES)}{self.pick(ISSUES)}"

    def sentence(self):
        r = self.rng.random()
        if r < 0.35:
            opener = self.pick(OPENERS)
            return f"{opener}{self.pick(PLACES)}{self.pick(ISSUES)}，{self.pick(EFFECTS)}。"
        if r < 0.7:
            return f"{self.pick(SUGGESTIONS)}，{self.pick(CLOSINGS) or '大家看怎么样？'}"
        return f"{self.pick(OPENERS)}{self.pick(EFFECTS)}，{self.pick(SUGGESTIONS)}。"

    def text(self, shortest, longest):
        target = self.rng.randint(shortest, longest)
        parts, length = [], 0
        while length < target:
            part = self.sentence()
            parts.append(part)
            length += len(part)
        return "".join(parts)[:longest]


# Switches ------------------------------------------------------------------------------------


@contextmanager
def search_indexing_disabled():
    """Don't index each saved object: generation is bulk work; ``update_index`` runs after."""
    models = [
        m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


# The generator ---------------------------------------------------------------------------------


@dataclass
class Report:
    counts: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)  # (step, seconds)


class District:
    def __init__(self, seed=1, scale=1.0, today=None, log=print):
        self.rng = random.Random(seed)
        self.text = Text(self.rng)
        self.scale = scale
        self.n = counts_for(scale)
        today = today or timezone.localdate()
        self.now = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(
            hours=10
        )
        self.log = log
        self.report = Report()

    def ago(self, days):
        return self.now - timedelta(days=days)

    @contextmanager
    def step(self, name):
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.report.timings.append((name, seconds))
        self.log(f"  {name}: {seconds:.1f} s")

    def build(self):
        if Community.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise ValueError("This database already holds a generated district; use a fresh one.")
        with (
            transaction.atomic(),
            search_indexing_disabled(),
            disable_reference_index_auto_update(),
        ):
            home = Site.objects.get(is_default_site=True).root_page.specific
            with self.step("communities and users"):
                self.users()
            with self.step("sessions and matters"):
                self.sessions(home)
            with self.step("votes"):
                self.votes()
            with self.step("covenant"):
                self.covenant(home)
            with self.step("associations and minutes"):
                self.associations(home)
            with self.step("comments"):
                self.comments()
            with self.step("courses, lessons and enrolments"):
                self.training(home)
        self.report.counts = {
            "communities": len(self.communities),
            "users": sum(len(u) for u in self.members.values()),
            "sessions": len(self.session_pages),
            "matters": Matter.objects.filter(community__in=self.communities).count(),
            "votes": self.vote_count,
            "comments": self.comment_count,
            "covenant_versions": COVENANT_VERSIONS,
            "associations": len(self.association_pages),
            "minutes": len(self.minutes),
            "courses": len(self.courses),
            "lessons": sum(len(lessons) for _course, lessons in self.courses),
            "enrolments": self.enrolment_count,
        }
        return self.report

    # People -----------------------------------------------------------------------------------

    def users(self):
        n = self.n["communities"]
        self.communities = Community.objects.bulk_create(
            Community(
                name=f"{COMMUNITY_NAMES[i % len(COMMUNITY_NAMES)]}社区居委会"
                + (f"（{i // len(COMMUNITY_NAMES) + 1}）" if i >= len(COMMUNITY_NAMES) else ""),
                slug=f"{SLUG_PREFIX}{i + 1:02d}",
                district="茅箭区",
                street_office=STREET_OFFICES[i % len(STREET_OFFICES)],
                address=f"{self.text.pick(PLACES)}{self.rng.randint(1, 99)} 号",
            )
            for i in range(n)
        )
        password = make_password(PASSWORD)
        users = []
        for i in range(self.n["users"]):
            # The first user of each community is verified (the benchmark signs in as user 1).
            verified = i < n or self.rng.random() < 0.85
            users.append(
                User(
                    username=f"d{i + 1}",
                    phone=phone_of(i + 1),
                    phone_verified=True,
                    password=password,
                    display_name=self.text.name(),
                    community=self.communities[i % n],
                    date_joined=self.ago(self.rng.randint(30, 900)),
                    verified_at=self.ago(self.rng.randint(1, 30)) if verified else None,
                )
            )
        users = User.objects.bulk_create(users, batch_size=BATCH)
        groups = {g.name: g.pk for g in Group.objects.all()}
        through = User.groups.through
        memberships = [through(user_id=u.pk, group_id=groups[roles.RESIDENT]) for u in users]
        memberships += [
            through(user_id=u.pk, group_id=groups[roles.VERIFIED_RESIDENT])
            for u in users
            if u.verified_at
        ]
        self.members = {c.pk: [] for c in self.communities}
        self.verified = {c.pk: [] for c in self.communities}
        for user in users:
            self.members[user.community_id].append(user.pk)
            if user.verified_at:
                self.verified[user.community_id].append(user.pk)
        # Two community staff per community (from the second verified resident on).
        self.staff = {c: ids[1:3] for c, ids in self.verified.items()}
        memberships += [
            through(user_id=pk, group_id=groups[roles.COMMUNITY_STAFF])
            for ids in self.staff.values()
            for pk in ids
        ]
        through.objects.bulk_create(memberships, batch_size=BATCH)
        # Everyone agreed to the privacy notice when they signed up (else they are asked).
        notice = notice_in_force()
        if notice is not None:
            ConsentRecord.objects.bulk_create(
                (ConsentRecord(user_id=u.pk, notice=notice, given_at=u.date_joined) for u in users),
                batch_size=BATCH,
            )
        self.all_users = [u.pk for u in users]
        self.leader_group = groups[roles.ASSOCIATION_LEADER]

    # Sessions, matters, votes -----------------------------------------------------------------

    def _child_index(self, home, model, **fields):
        existing = model.objects.child_of(home).first()
        return existing or home.add_child(instance=model(**fields))

    def sessions(self, home):
        index = self._child_index(
            home,
            SessionIndexPage,
            title="季度议事会",
            slug="yishi",
            introduction="一事一议：每季度一次，大家提出议题、讨论、表决，并一起看落实情况。",
        )
        self.session_pages = []  # (session, finished?)
        for community in self.communities:
            for q in range(SESSIONS_PER_COMMUNITY):
                # The last session of each community is in its voting phase today.
                back = (SESSIONS_PER_COMMUNITY - 1 - q) * 91
                start = self.ago(back + 25)
                session = index.add_child(
                    instance=SessionPage(
                        title=f"{community.name}第{q + 1}季度议事会",
                        slug=f"{community.slug}-q{q + 1}",
                        community=community,
                        introduction=self.text.text(80, 200),
                        rules="<p>每位居民每季度最多提出三项议题。经过认证的本社区居民可以在网上表决。</p>",
                        venue=f"{community.name}二楼议事厅",
                        meeting_at=start + timedelta(days=28, hours=9),
                        collecting_starts=start,
                        discussion_starts=start + timedelta(days=10),
                        voting_starts=start + timedelta(days=20),
                        voting_ends=start + timedelta(days=35),
                        follow_up_starts=start + timedelta(days=50),
                    )
                )
                self.session_pages.append((session, back > 0))
        per_session = _spread(self.rng, self.n["matters"], len(self.session_pages))
        matters = []
        for (session, _finished), count in zip(self.session_pages, per_session, strict=True):
            authors = self.members[session.community_id]
            for _ in range(count):
                state = self.rng.choices(
                    [Matter.State.ACCEPTED, Matter.State.DECLINED, Matter.State.NEW],
                    weights=[90, 6, 4],
                )[0]
                triaged = state != Matter.State.NEW
                matters.append(
                    Matter(
                        community_id=session.community_id,
                        session=session if state == Matter.State.ACCEPTED else None,
                        author_id=self.text.pick(authors),
                        title=self.text.title(),
                        description=self.text.text(100, 400),
                        category=self.text.pick(Matter.Category.values),
                        state=state,
                        from_suggestion_box=self.rng.random() < 0.1,
                        decline_reason=self.text.text(20, 60)
                        if state == Matter.State.DECLINED
                        else "",
                        triaged_at=session.collecting_starts + timedelta(days=9)
                        if triaged
                        else None,
                        created_at=session.collecting_starts
                        + timedelta(hours=self.rng.randint(1, 9 * 24)),
                    )
                )
        matters = Matter.objects.bulk_create(matters, batch_size=BATCH)
        self.accepted = [m for m in matters if m.state == Matter.State.ACCEPTED]
        finished = {s.pk for s, done in self.session_pages if done}
        self.finished_matters = [m for m in self.accepted if m.session_id in finished]

    def ballot(self, matter_id, voter_id, choice):
        """A ballot as ``governance.services.cast_vote`` leaves it (no voter, no time)."""
        return Ballot(
            id=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            matter_id=matter_id,
            token=ballot_token(voter_id, matter_id),
            choice=choice,
        )

    def save_votes(self, participations, ballots):
        """Who voted, and the ballots in an order of their own (as in the real ballot box)."""
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        self.rng.shuffle(ballots)
        Ballot.objects.bulk_create(ballots, batch_size=BATCH)

    def votes(self):
        tallies, follow_ups, buffer, ballots = [], [], [], []
        self.vote_count = 0
        weights = _weights(self.rng, len(self.accepted))
        total = sum(weights)
        bench_session = self.bench_session().pk
        finished = {m.pk for m in self.finished_matters}
        for matter, weight in zip(self.accepted, weights, strict=True):
            voters = self.verified[matter.community_id]
            k = min(len(voters), round(self.n["votes"] * weight / total))
            if matter.session_id == bench_session:
                voters = voters[1:]  # leave the benchmark user's own votes to the benchmark
                k = min(k, len(voters))
            p_for = self.rng.uniform(0.3, 0.85)
            counts = {"for": 0, "against": 0, "abstain": 0}
            for voter in self.rng.sample(voters, k):
                r = self.rng.random()
                choice = "for" if r < p_for else "against" if r < 0.93 else "abstain"
                counts[choice] += 1
                cast_at = matter.session.voting_starts + timedelta(
                    minutes=self.rng.randint(0, 60 * 24 * 5)
                )
                buffer.append(
                    Participation(
                        matter_id=matter.pk,
                        voter_id=voter,
                        community_id=matter.community_id,
                        voted_on=timezone.localdate(cast_at),
                    )
                )
                ballots.append(self.ballot(matter.pk, voter, choice))
            self.vote_count += k
            tally = Tally(
                matter_id=matter.pk,
                online_for=counts["for"],
                online_against=counts["against"],
                online_abstain=counts["abstain"],
            )
            if matter.pk in finished:
                hands = [self.rng.randint(0, 30) for _ in range(3)]
                tally.hands_for, tally.hands_against, tally.hands_abstain = hands
                tally.hands_recorded_at = matter.session.meeting_at
                tally.hands_recorded_by_id = self.staff[matter.community_id][0]
                for day, status in enumerate(
                    self.rng.sample(list(FollowUp.Status.values), self.rng.randint(0, 3))
                ):
                    follow_ups.append(
                        FollowUp(
                            matter_id=matter.pk,
                            status=status,
                            note=self.text.text(40, 160),
                            created_at=matter.session.follow_up_starts + timedelta(days=day * 9),
                            author_id=self.staff[matter.community_id][0],
                        )
                    )
            tallies.append(tally)
            if len(buffer) >= BATCH * 5:
                self.save_votes(buffer, ballots)
                buffer, ballots = [], []
        self.save_votes(buffer, ballots)
        Tally.objects.bulk_create(tallies, batch_size=BATCH)
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
        # The benchmark user has voted on the busiest matter of their session ("own vote" page).
        hot = self.hot_matters()[0]
        self.save_votes(
            [
                Participation(
                    matter_id=hot.pk,
                    voter_id=self.members[hot.community_id][0],
                    community_id=hot.community_id,
                )
            ],
            [self.ballot(hot.pk, self.members[hot.community_id][0], "for")],
        )
        Tally.objects.filter(pk=hot.pk).update(online_for=F("online_for") + 1)
        self.vote_count += 1

    def bench_session(self):
        """The first community's session in its voting phase (the benchmark votes there)."""
        return next(s for s, done in self.session_pages if not done)

    def hot_matters(self):
        """The matters with 500+ comments (at full scale): a few per open session, first the
        benchmark session's."""
        if not hasattr(self, "_hot"):
            open_sessions = [s.pk for s, done in self.session_pages if not done]
            candidates = [m for m in self.accepted if m.session_id in open_sessions]
            first = [m for m in candidates if m.session_id == open_sessions[0]][:1]
            rest = [m for m in candidates if m not in first]
            count = max(1, round(20 * self.scale))
            self._hot = first + self.rng.sample(rest, min(len(rest), count - 1))
        return self._hot

    # Covenant -----------------------------------------------------------------------------------

    def covenant(self, home):
        community = self.communities[0]
        # Its own page, even when the database already has a covenant (the demo's).
        page = home.add_child(
            instance=CovenantPage(
                title=f"{community.name}居民公约",
                slug=f"{SLUG_PREFIX}covenant",
                community=community,
                introduction=self.text.text(60, 200),
            )
        )
        clauses = Clause.objects.bulk_create([Clause(covenant=page) for _ in range(CLAUSES + 4)])
        self.clauses = clauses
        texts = []
        for number in range(1, COVENANT_VERSIONS + 1):
            in_force_from = self.ago((COVENANT_VERSIONS - number) * 300 + 30).date()
            version = CovenantVersion(
                covenant=page,
                number=number,
                preamble=self.text.text(150, 300),
                effective_date=in_force_from,
                summary=self.text.text(40, 120) if number > 1 else "",
                published_at=self.ago((COVENANT_VERSIONS - number) * 300 + 40),
            )
            version.save()
            # Later versions drop one clause, add two, and reword a few.
            ids = clauses[: CLAUSES - 2 + 2 * number]
            for order, clause in enumerate(ids):
                texts.append(
                    VersionClause(
                        version=version,
                        clause=clause,
                        sort_order=order,
                        chapter=CHAPTERS[order * len(CHAPTERS) // len(ids)],
                        title=CLAUSE_TOPICS[order % len(CLAUSE_TOPICS)],
                        text=self.text.text(40, 160),
                    )
                )
            self.in_force = version
        VersionClause.objects.bulk_create(texts, batch_size=BATCH)
        adopters = self.rng.sample(self.members[community.pk], len(self.members[community.pk]) // 3)
        Adoption.objects.bulk_create(
            [
                Adoption(version=self.in_force, user_id=pk, adopted_at=self.ago(5))
                for pk in adopters
            ],
            batch_size=BATCH,
        )
        self.covenant_page = page

    # Associations -------------------------------------------------------------------------------

    def associations(self, home):
        index = self._child_index(
            home,
            AssociationIndexPage,
            title="流动人口协会",
            slug="xiehui",
            introduction="在市场、工地、小区和社区成立的流动人口协会。",
        )
        self.association_pages = []
        for i in range(self.n["associations"]):
            community = self.communities[i % len(self.communities)]
            site_type = SiteType.values[i % len(SiteType.values)]
            page = index.add_child(
                instance=AssociationPage(
                    title=f"{community.name[:-3]}{self.text.pick(PLACES)}流动人口协会（{i + 1}）",
                    slug=f"{SLUG_PREFIX}association-{i + 1}",
                    community=community,
                    site_type=site_type,
                    address=f"{self.text.pick(PLACES)}{self.rng.randint(1, 99)} 号",
                    location_description=self.text.text(15, 40),
                    meeting_schedule="每月第一个星期一晚上 8 点",
                    contact_phone=f"0719-{self.rng.randint(1000000, 8999999)}",
                    introduction=self.text.text(80, 300),
                )
            )
            self.association_pages.append(page)
        memberships, meetings, leaders = [], [], set()
        for page in self.association_pages:
            people = self.rng.sample(
                self.members[page.community_id],
                min(len(self.members[page.community_id]), self.rng.randint(12, 60)),
            )
            for j, pk in enumerate(people):
                leader = j < 2
                status = (
                    Membership.Status.PENDING if j >= len(people) - 2 else Membership.Status.ACTIVE
                )
                memberships.append(
                    Membership(
                        association=page,
                        user_id=pk,
                        role=Membership.Role.LEADER if leader else Membership.Role.MEMBER,
                        status=Membership.Status.ACTIVE if leader else status,
                        title="会长" if j == 0 else "秘书" if j == 1 else "",
                        created_at=self.ago(self.rng.randint(30, 400)),
                    )
                )
                if leader:
                    leaders.add(pk)
            for k in range(2):
                meetings.append(
                    Meeting(
                        association=page,
                        starts_at=self.now + timedelta(days=7 + 30 * k),
                        place=page.address,
                        topic=self.text.title(),
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=pk, group_id=self.leader_group) for pk in sorted(leaders)],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        minutes = []
        per_association = _spread(self.rng, self.n["minutes"], len(self.association_pages))
        for page, count in zip(self.association_pages, per_association, strict=True):
            for k in range(count):
                held = self.ago(7 + k * 14).date()
                draft = k == 0 and self.rng.random() < 0.3
                minutes.append(
                    Minutes(
                        association=page,
                        title=f"{held:%m}月例会：{self.text.pick(ISSUES)}",
                        held_on=held,
                        place=page.address,
                        attendance=self.rng.randint(5, 40),
                        agenda="\n".join(self.text.title() for _ in range(self.rng.randint(2, 4))),
                        discussion=self.text.text(300, 1000),
                        visibility=Minutes.Visibility.MEMBERS
                        if self.rng.random() < 0.2
                        else Minutes.Visibility.PUBLIC,
                        status=Minutes.Status.DRAFT if draft else Minutes.Status.PUBLISHED,
                        created_at=self.ago(7 + k * 14),
                        published_at=None if draft else self.ago(6 + k * 14),
                    )
                )
        self.minutes = Minutes.objects.bulk_create(minutes, batch_size=BATCH)
        decisions, actions, links = [], [], []
        matters_by_community = {}
        for matter in self.accepted:
            matters_by_community.setdefault(matter.community_id, []).append(matter.pk)
        community_of = {p.pk: p.community_id for p in self.association_pages}
        for record in self.minutes:
            for position in range(self.rng.randint(1, 3)):
                decisions.append(
                    Decision(
                        minutes=record,
                        position=position,
                        text=self.text.text(15, 60),
                        votes_for=self.rng.randint(5, 30),
                        votes_against=self.rng.randint(0, 5),
                        votes_abstain=self.rng.randint(0, 3),
                    )
                )
            for position in range(self.rng.randint(1, 2)):
                actions.append(
                    Action(
                        minutes=record,
                        position=position,
                        text=self.text.text(10, 40),
                        owner=self.text.name(),
                        due_on=record.held_on + timedelta(days=14),
                    )
                )
            candidates = matters_by_community.get(community_of[record.association_id], [])
            if candidates and self.rng.random() < 0.3:
                links.append(
                    Minutes.matters.through(
                        minutes_id=record.pk, matter_id=self.text.pick(candidates)
                    )
                )
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        Action.objects.bulk_create(actions, batch_size=BATCH)
        Minutes.matters.through.objects.bulk_create(links, batch_size=BATCH)

    # Comments -----------------------------------------------------------------------------------

    def comments(self):
        """Threaded comments (two reply levels) on matters, clauses and minutes, with likes."""
        total = self.n["comments"]
        hot = self.hot_matters()
        per_hot = [round(self.rng.uniform(500, 700) * math.sqrt(self.scale)) for _ in hot]
        targets = [(m, m.community_id, n) for m, n in zip(hot, per_hot, strict=True)]
        remaining = max(total - sum(per_hot), 0)
        on_matters = round(remaining * 0.92)
        discussed = [m for m in self.accepted if m not in hot]
        for matter, n in zip(discussed, _spread(self.rng, on_matters, len(discussed)), strict=True):
            targets.append((matter, matter.community_id, n))
        others = remaining - on_matters
        covenant_community = self.covenant_page.community_id
        published = [m for m in self.minutes if m.status == Minutes.Status.PUBLISHED]
        community_of = {p.pk: p.community_id for p in self.association_pages}
        for i, n in enumerate(_spread(self.rng, others, len(self.clauses) + len(published))):
            if i < len(self.clauses):
                targets.append((self.clauses[i], covenant_community, n))
            else:
                record = published[i - len(self.clauses)]
                targets.append((record, community_of[record.association_id], n))
        self.comment_count = 0
        site_id = settings.SITE_ID
        kinds = {}
        rows = []  # (Comment, level, parent row, root row, nested count), rows of this batch
        for obj, community, n in targets:
            if not n:
                continue
            kind = kinds.setdefault(type(obj), ContentType.objects.get_for_model(type(obj)))
            people = self.members[community]
            start = getattr(getattr(obj, "session", None), "discussion_starts", None) or self.ago(
                60
            )
            offset = len(rows)
            for level, parent, root, nested in _thread_shape(self.rng, n):
                user = self.text.pick(people)
                rows.append(
                    (
                        Comment(
                            content_type=kind,
                            object_pk=str(obj.pk),
                            site_id=site_id,
                            user_id=user,
                            user_name=self.text.name(),
                            comment=self.text.text(15, 150),
                            submit_date=start + timedelta(minutes=len(rows) % 20_000),
                            is_public=self.rng.random() > 0.003,
                        ),
                        level,
                        offset + parent,
                        offset + root,
                        nested,
                    )
                )
            if len(rows) >= BATCH * 5:
                self._insert_comments(rows)
                rows = []
        self._insert_comments(rows)

    def _insert_comments(self, rows):
        if not rows:
            return
        saved = Comment.objects.bulk_create([row[0] for row in rows], batch_size=BATCH)
        ids = [c.pk for c in saved]
        order = {}
        xtd = []
        for (_comment, level, parent, root, nested), pk in zip(rows, ids, strict=True):
            root_pk = ids[root]
            order[root_pk] = order.get(root_pk, 0) + 1
            xtd.append(
                (pk, root_pk, ids[parent] if level else pk, level, order[root_pk], False, nested)
            )
        table = connection.ops.quote_name(XtdComment._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(c)
            for c in (
                "comment_ptr_id",
                "thread_id",
                "parent_id",
                "level",
                "order",
                "followup",
                "nested_count",
            )
        )
        with connection.cursor() as cursor:
            for start in range(0, len(xtd), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                    xtd[start : start + BATCH],
                )
        likes = []
        for pk in ids:
            if self.rng.random() < 0.15:
                for user in self.rng.sample(self.all_users, self.rng.randint(1, 4)):
                    likes.append(
                        CommentFlag(
                            comment_id=pk, user_id=user, flag=LIKEDIT_FLAG, flag_date=self.now
                        )
                    )
        CommentFlag.objects.bulk_create(likes, batch_size=BATCH)
        self.comment_count += len(ids)

    # Training -----------------------------------------------------------------------------------

    def training(self, home):
        index = self._child_index(
            home,
            CourseIndexPage,
            title="人口学校",
            slug="renkou-xuexiao",
            introduction="按人生阶段开课，外来和本地居民一起学。",
        )
        stages = LifeStage.values
        per_course = _spread(self.rng, self.n["lessons"], self.n["courses"], floor=1)
        self.courses = []
        for i, lesson_count in enumerate(per_course):
            stage = stages[i % len(stages)]
            course = index.add_child(
                instance=CoursePage(
                    title=f"{LifeStage(stage).label}课程（{i + 1}）",
                    slug=f"{SLUG_PREFIX}course-{i + 1}",
                    overview=f"<p>{self.text.text(80, 250)}</p>",
                    audience="外来务工人员和本地居民",
                    duration_minutes=lesson_count * 10,
                    life_stage=stage,
                )
            )
            lessons = []
            for j in range(lesson_count):
                body = [("heading", LESSON_TOPICS[j % len(LESSON_TOPICS)])]
                body += [
                    ("paragraph", f"<p>{self.text.text(120, 300)}</p>")
                    for _ in range(self.rng.randint(3, 6))
                ]
                body.append(
                    ("callout", {"kind": "info", "text": f"<p>{self.text.text(30, 80)}</p>"})
                )
                lessons.append(
                    course.add_child(
                        instance=LessonPage(
                            title=f"第{j + 1}课 {LESSON_TOPICS[j % len(LESSON_TOPICS)]}",
                            slug=f"lesson-{j + 1}",
                            summary=self.text.text(30, 100),
                            duration_minutes=10,
                            body=body,
                        )
                    )
                )
            self.courses.append((course, lessons))
        # Enrolments: distinct (user, course); the benchmark user takes three courses.
        pairs = {(self.members[self.communities[0].pk][0], c.pk) for c, _ in self.courses[:3]}
        while len(pairs) < min(self.n["enrolments"], len(self.all_users) * len(self.courses)):
            pairs.add((self.text.pick(self.all_users), self.text.pick(self.courses)[0].pk))
        lessons_of = {course.pk: lessons for course, lessons in self.courses}
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(user_id=u, course_id=c, enrolled_at=self.ago(self.rng.randint(1, 200)))
                for u, c in sorted(pairs)
            ],
            batch_size=BATCH,
        )
        completions, certificates, done_ids = [], [], []
        for enrolment in enrolments:
            lessons = lessons_of[enrolment.course_id]
            done = self.rng.randint(0, len(lessons))
            completions += [
                LessonCompletion(
                    enrolment_id=enrolment.pk,
                    lesson_id=lesson.pk,
                    completed_at=enrolment.enrolled_at + timedelta(days=k),
                )
                for k, lesson in enumerate(lessons[:done])
            ]
            if done == len(lessons):
                done_ids.append(enrolment.pk)
                certificates.append(
                    Certificate(
                        enrolment_id=enrolment.pk,
                        code=f"D{enrolment.pk:09d}",
                        name=self.text.name(),
                        course_title=next(
                            c.title for c, _ in self.courses if c.pk == enrolment.course_id
                        ),
                        issued_on=(enrolment.enrolled_at + timedelta(days=done)).date(),
                    )
                )
        LessonCompletion.objects.bulk_create(completions, batch_size=BATCH)
        Enrolment.objects.filter(pk__in=done_ids).update(completed_at=self.now)
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        self.enrolment_count = len(enrolments)


def _spread(rng, total, parts, floor=0):
    """``total`` split unevenly (but reproducibly) over ``parts`` buckets of at least ``floor``."""
    if parts == 0:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = max(total - floor * parts, 0) / sum(weights)
    counts = [floor + int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def _weights(rng, n):
    """Uneven weights: some matters draw several times more votes than others."""
    return [rng.lognormvariate(0, 0.7) for _ in range(n)]


def _thread_shape(rng, n):
    """``n`` comments in thread order as (level, parent index, root index, nested count),
    indexes counted from the first comment of this object (callers add their offset)."""
    shape = []
    while len(shape) < n:
        root = len(shape)
        shape.append([0, root, root, 0])
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            if len(shape) >= n:
                break
            child = len(shape)
            shape.append([1, root, root, 0])
            shape[root][3] += 1
            for _ in range(rng.choice([0, 0, 0, 1, 2])):
                if len(shape) >= n:
                    break
                shape.append([2, child, root, 0])
                shape[child][3] += 1
                shape[root][3] += 1
    return [tuple(row) for row in shape]
