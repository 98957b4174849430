"""Demo covenant: a first version, a draft put to public consultation with comments on its
clauses, and the revised version now in force, which carries out an adopted amendment."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from governance.demo import _matter
from governance.models import Matter, SessionPage

from . import services
from .models import Adoption, Amendment, Clause, CovenantPage, CovenantVersion, VersionClause

PREAMBLE_1 = (
    "幸福社区住着本地居民，也住着从各地来这里打工、做生意的新居民。为了大家和睦相处、"
    "一起管好身边的事，居民代表、驻社区单位和流动人口协会一起商量，订立本公约。"
)
PREAMBLE_2 = PREAMBLE_1 + "本公约经居民公开讨论后修订，今后仍会随着大家的意见不断修改。"

# (key, chapter, title, text) in the order of version 1; keys only tie the versions together here.
VERSION_1 = [
    (
        "scope",
        "总则",
        "谁是社区居民",
        "凡在本社区居住、租房、务工或经营的人，不论户口在哪里，都是社区居民，享有同样的权利，遵守同样的约定。",
    ),
    (
        "selfrule",
        "总则",
        "自己的事自己管",
        "社区的事由居民商量着办。居委会、驻社区单位和流动人口协会一起督促本公约的落实。",
    ),
    (
        "waste",
        "环境卫生",
        "垃圾投放",
        "生活垃圾装袋后投放到指定地点，不乱倒、不焚烧。市场摊位收摊后自行清扫摊位周围。",
    ),
    ("space", "环境卫生", "楼道和巷口", "楼道、巷口不堆放杂物，不私拉电线，不占用消防通道。"),
    (
        "fire",
        "安全",
        "消防安全",
        "不在楼道和房间里给电动车充电。出租房每层配备灭火器，房东每月检查一次。",
    ),
    (
        "watch",
        "安全",
        "邻里守望",
        "发现安全隐患或可疑情况，及时告诉楼栋长或居委会。邻里有了纠纷，先协商，协商不成请调解小组帮忙。",
    ),
    (
        "register",
        "登记与租房",
        "来社区登记",
        "新来社区居住的人，在到达后七日内到居委会登记，搬走时告知。登记信息只用于社区服务，不对外公开。",
    ),
    (
        "landlord",
        "登记与租房",
        "房东的责任",
        "出租房屋的房东应当提醒租户及时登记，并与租户签订书面租约。",
    ),
    (
        "help",
        "互助与议事",
        "互帮互助",
        "居民之间相互照应，对生病、失业或刚来社区的家庭主动伸手。孩子上学有困难的，可以请居委会帮忙。",
    ),
    (
        "session",
        "互助与议事",
        "季度议事",
        "每季度召开一次居民议事会，一事一议。任何居民都可以提出议题，表决结果向全体居民公开。",
    ),
]
# Version 2: the order of keys, with the changed chapters, titles and texts.
VERSION_2 = [
    ("scope", None, None, None),
    ("selfrule", None, None, None),
    ("waste", None, None, None),
    (
        "quiet",
        "环境卫生",
        "夜间安静",
        "晚上十点到早上六点，不在居民楼里大声喧哗；工地夜间需要施工的，提前三天在公告栏和网上告知。",
    ),
    ("fire", None, None, None),
    ("space", "安全", "楼道和巷口", "楼道、巷口和消防通道保持畅通，不堆放杂物，不私拉电线。"),
    ("watch", None, None, None),
    (
        "register",
        None,
        None,
        "新来社区居住的人，在到达后五日内到居委会、市场或工地的协会服务点登记，也可以在网上登记；"
        "搬走时告知。登记信息只用于社区服务，不对外公开。",
    ),
    (
        "landlord",
        None,
        "房东和租户",
        "出租房屋的房东应当提醒租户及时登记，与租户签订书面租约，写明居住人数；租户搬走时，房东告知居委会。",
    ),
    ("help", None, None, None),
    (
        "session",
        None,
        None,
        "每季度召开一次居民议事会，一事一议。任何居民都可以提出议题，也可以提出修改本公约；"
        "表决结果和落实情况向全体居民公开。",
    ),
]
CONSULTATION_COMMENTS = [
    ("register", "五天太短了，工地上刚来的人头几天根本请不了假，能不能在工地直接登记？"),
    ("register", "支持网上登记，我们市场很多人不识字多，服务点最好有人帮忙填。"),
    ("register", "登记要带什么证件，最好写清楚。"),
    ("landlord", "租户搬走房东告知居委会，这个好，空房子也能及时检查消防。"),
    ("quiet", "工地夜里施工确实吵，提前告知很有必要。"),
    ("quiet", "十点有点早，夏天大家在楼下乘凉，能不能十点半？"),
    ("space", "楼道里的电动车也要清出去。"),
]
IN_FORCE_COMMENTS = [
    ("fire", "我们这栋楼的灭火器过期了，房东说下个月换。"),
    ("help", "上个月邻居生病，大家轮流帮忙接孩子，这条写得好。"),
    ("session", "第一次参加议事会，原来每个人都能提议题。"),
]
AMENDMENT = (
    "公约增加夜间安静时段的约定",
    "工地和楼里夜里都有噪音，建议在公约里写明晚上十点以后保持安静，工地夜间施工要提前告知。",
    ["for", "for", "for", "abstain", "against", "for"],
)


def build(context):
    home = Site.objects.get(is_default_site=True).root_page
    page = CovenantPage.objects.child_of(home).first()
    if page is not None:
        return page
    now = timezone.now()
    page = home.add_child(
        instance=CovenantPage(
            title="幸福社区居民公约",
            slug="gongyue",
            community=context.community,
            introduction="居民公约是我们自己商量出来的规矩。读一读，点一下“我已阅读并遵守”，有意见就在条款下面留言。",
        )
    )
    page.save_revision().publish()
    clauses = {}
    first = _version(page, PREAMBLE_1, VERSION_1, clauses, {})
    _publish(
        first, (now - timedelta(days=400)).date(), "社区第一版居民公约。", now - timedelta(days=405)
    )
    draft = _version(
        page, PREAMBLE_2, VERSION_2, clauses, {row.clause_id: row for row in first.rows}
    )
    draft.consultation_opens, draft.consultation_closes = (
        now - timedelta(days=75),
        now - timedelta(days=55),
    )
    draft.save()
    _comments(clauses, CONSULTATION_COMMENTS, context, now - timedelta(days=70))
    _amendments(clauses, context, draft)
    _publish(
        draft,
        (now - timedelta(days=30)).date(),
        "根据征求意见稿收到的意见修订：登记可以在服务点或网上办理，时间改为五日内；写明房东和租户的责任；"
        "增加夜间安静一条（来自季度议事会通过的议题）；楼道和巷口一条移到安全一章。",
        now - timedelta(days=45),
    )
    _comments(clauses, IN_FORCE_COMMENTS, context, now - timedelta(days=10))
    for index, user in enumerate(context.residents[:12]):
        Adoption.objects.create(
            version=first, user=user, adopted_at=now - timedelta(days=390 - index)
        )
    for user in [*context.residents[1:3], *context.residents[8:10]]:
        Adoption.objects.create(version=draft, user=user, adopted_at=now - timedelta(days=20))
    services.invite_to_readopt(draft)
    return page


def _version(page, preamble, rows, clauses, previous):
    version = CovenantVersion.objects.create(covenant=page, preamble=preamble)
    for order, (key, chapter, title, text) in enumerate(rows):
        if key not in clauses:
            clauses[key] = Clause.objects.create(covenant=page)
        old = previous.get(clauses[key].pk)
        VersionClause.objects.create(
            version=version,
            clause=clauses[key],
            sort_order=order,
            chapter=chapter or old.chapter,
            title=title or old.title,
            text=text or old.text,
        )
    return version


def _publish(version, effective_date, summary, published_at):
    version.effective_date, version.summary, version.published_at = (
        effective_date,
        summary,
        published_at,
    )
    version.save()


def _comments(clauses, comments, context, when):
    kind = ContentType.objects.get_for_model(Clause)
    for index, (key, text) in enumerate(comments):
        user = context.residents[(index * 3 + 1) % len(context.residents)]
        XtdComment.objects.create(
            content_type=kind,
            object_pk=str(clauses[key].pk),
            site_id=1,
            user=user,
            user_name=user.public_name,
            comment=text,
            submit_date=when + timedelta(hours=index * 5),
        )


def _amendments(clauses, context, version):
    """The adopted amendment that version 2 carries out, and one that residents voted down."""
    finished = SessionPage.objects.filter(community=context.community, slug="2026-q3").first()
    if finished is None:
        return
    title, text, choices = AMENDMENT
    adopted = _matter(
        finished,
        context.residents[7],
        title,
        Matter.Category.COVENANT_AMENDMENT,
        text,
        context,
        choices,
    )
    Amendment.objects.get_or_create(matter=adopted, defaults={"clause": clauses["space"]})
    version.carries_out.add(adopted)
    declined = Matter.objects.filter(session=finished, category=Matter.Category.COVENANT_AMENDMENT)
    for matter in declined.exclude(pk=adopted.pk):
        Amendment.objects.get_or_create(matter=matter, defaults={"clause": clauses["register"]})
