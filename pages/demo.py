"""Demo content for the home page and the migrant associations (runs after governance)."""

import datetime

from django.utils import timezone

from .associations.models import (
    Action,
    AssociationIndexPage,
    AssociationPage,
    Decision,
    Meeting,
    Membership,
    Minutes,
    MinutesRevision,
    SiteType,
)
from .associations.services import sync_leader_role
from .models import HomePage

DEMO_LEADER = "13800138003"

# One entry per association: page fields, then its minutes (newest last).
ASSOCIATIONS = [
    {
        "slug": "shichang",
        "title": "柳林农贸市场流动人口协会",
        "site_type": SiteType.MARKET,
        "address": "柳林路 52 号 柳林农贸市场",
        "location_description": "市场北门进去，左手边管理办公室二楼",
        "meeting_schedule": "每月第一个星期一晚上 8 点，收摊以后",
        "contact_phone": "027-8765 4321",
        "introduction": (
            "在柳林农贸市场摆摊、送货、打零工的外地朋友组成的协会。"
            "大家一起商量摊位秩序、卫生值日和孩子上学这些实际的事，有困难互相帮一把。"
        ),
        "leader_title": "会长",
        "minutes": [
            {
                "title": "三月例会：卫生值日重新排班",
                "days_ago": 70,
                "place": "市场管理办公室二楼",
                "attendance": 18,
                "agenda": "卫生值日怎么排\n夜间三轮车停放\n新来摊主登记",
                "discussion": (
                    "张会长先说了上个月检查的情况：水产区的排水沟堵了两次，周边摊位意见很大。"
                    "卖鱼的老胡说堵的主要是鱼鳞，愿意每天收摊后自己先清一遍。"
                    "大家觉得值日不能只靠几个人，按排轮流更公平。"
                    "关于三轮车，有人提出晚上停在消防通道上太危险，应该统一停到后院。"
                    "会议纪要由何姐整理，贴在北门公告栏，没来开会的摊主也能看到。"
                ),
                "decisions": [
                    ("水产区、蔬菜区、干货区各自排班，每周一轮换", 16, 1, 1),
                    ("夜间三轮车一律停到后院，不占消防通道", 17, 0, 1),
                ],
                "actions": [
                    ("做一张值日表贴在北门公告栏", "何姐"),
                    ("和市场管理处商量后院加一盏路灯", "张会长"),
                ],
            },
            {
                "title": "四月例会：孩子入学材料互助",
                "days_ago": 40,
                "place": "市场管理办公室二楼",
                "attendance": 21,
                "agenda": "秋季入学需要哪些材料\n居住证办理\n互助小组分工",
                "discussion": (
                    "好几位摊主的孩子今年秋天要上小学，大家对要准备什么材料心里没底。"
                    "社区王干事到会讲了居住证和租房合同的要求，提醒大家早点去办，别等到八月。"
                    "会上决定由办过的人带着没办过的人一起跑，少走冤枉路。"
                ),
                "decisions": [("成立入学互助小组，每组由一位办过手续的家长带队", 20, 0, 1)],
                "actions": [
                    ("把材料清单整理成一页纸，印 30 份", "林妹子"),
                    ("五月中旬前统计要入学的孩子人数", "张会长"),
                ],
            },
            {
                "title": "五月例会：摊位费调整意见",
                "days_ago": 12,
                "place": "市场北门空地",
                "attendance": 24,
                "agenda": "市场管理处的摊位费方案\n向季度议事会提意见",
                "discussion": (
                    "管理处打算下半年调整摊位费，大家都关心涨多少。"
                    "郭师傅说旺季淡季收入差得多，希望能按季度交，减轻压力。"
                    "会上同意把大家的意见整理好，交到社区的季度议事会上讨论。"
                ),
                "decisions": [("建议摊位费可按季度缴纳，由协会整理意见提交议事会", 22, 1, 1)],
                "actions": [("整理意见，写成议题提交到议事会", "张会长")],
                "visibility": Minutes.Visibility.MEMBERS,
                "link_matters": True,
            },
        ],
    },
    {
        "slug": "gongdi",
        "title": "滨江花园工地务工人员协会",
        "site_type": SiteType.CONSTRUCTION_SITE,
        "address": "滨江路与柳林路交叉口 滨江花园二期工地",
        "location_description": "工地生活区 3 号板房，门口有红色宣传栏",
        "meeting_schedule": "每两周一次，星期六晚上 7 点半",
        "contact_phone": "138 0000 5566",
        "introduction": (
            "在滨江花园二期工地干活的师傅们自己的协会。"
            "关心工资按时发放、生活区安全、夏天防暑，也组织大家参加人口学校的课。"
        ),
        "leader_title": "会长",
        "minutes": [
            {
                "title": "生活区用电安全",
                "days_ago": 55,
                "place": "生活区 3 号板房",
                "attendance": 32,
                "agenda": "板房私拉电线\n电动车充电",
                "discussion": (
                    "项目部安全员讲了上个月别的工地板房起火的事。"
                    "孙师傅承认自己宿舍拉过插线板，当场表示回去就拆。"
                    "大家同意电动车统一到充电棚充，不进宿舍。"
                ),
                "decisions": [("电动车一律在充电棚充电，宿舍内不充", 30, 1, 1)],
                "actions": [
                    ("每周三晚上查一次宿舍用电", "罗师傅"),
                    ("向项目部申请再加 10 个充电位", "韩师傅"),
                ],
            },
            {
                "title": "夏季防暑和作息",
                "days_ago": 25,
                "place": "生活区食堂",
                "attendance": 40,
                "agenda": "高温时段作息\n绿豆汤和药品\n工友生病怎么互相照应",
                "discussion": (
                    "天热起来了，大家希望中午最热的时候能多休息一会儿。"
                    "项目部答应中午 12 点到 3 点不安排露天作业，早上提前开工。"
                    "食堂每天供应绿豆汤，医药箱放在门卫室，谁拿了要登记。"
                ),
                "decisions": [
                    ("中午 12 点至 3 点停止露天作业", 39, 0, 1),
                    ("每个班组指定一名工友留意身体不舒服的人", 36, 2, 2),
                ],
                "actions": [("和项目部确认新的作息表并张贴", "韩师傅")],
            },
            {
                "title": "工资发放情况通报",
                "days_ago": 5,
                "place": "生活区 3 号板房",
                "attendance": 28,
                "agenda": "上月工资到账情况\n工资卡问题登记",
                "discussion": (
                    "会长通报：上个月工资已经全部打到工资卡，有两位工友的卡号写错了，正在补发。"
                    "大家提出以后发工资前在宣传栏贴出日期，心里有数。"
                ),
                "decisions": [("请项目部每月提前三天公布发薪日期", 27, 0, 1)],
                "actions": [("帮卡号有误的两位工友跟进补发", "韩师傅")],
                "visibility": Minutes.Visibility.MEMBERS,
            },
        ],
    },
    {
        "slug": "xiaoqu",
        "title": "锦绣家园新居民协会",
        "site_type": SiteType.COMPOUND,
        "address": "柳林路 99 号 锦绣家园小区",
        "location_description": "小区 5 栋一楼物业活动室",
        "meeting_schedule": "每月最后一个星期日下午 3 点",
        "contact_phone": "027-8765 1200",
        "introduction": (
            "在锦绣家园租房或买房住下来的外地新居民的协会。"
            "和物业、房东、老住户一起商量楼道、停车、垃圾分类这些邻里之间的事。"
        ),
        "leader_title": "会长",
        "minutes": [
            {
                "title": "楼道堆物清理",
                "days_ago": 60,
                "place": "5 栋物业活动室",
                "attendance": 15,
                "agenda": "楼道堆放杂物\n消防检查",
                "discussion": (
                    "物业说下个月消防要来检查，楼道里的鞋柜、纸箱必须清走。"
                    "有几户租客说房间小，东西实在没地方放。"
                    "大家商量由物业腾出地下室一间做临时储物，按户登记使用。"
                ),
                "decisions": [("楼道杂物两周内清理完毕，地下室临时储物按户登记", 13, 1, 1)],
                "actions": [
                    ("挨家挨户通知清理时间", "梁大姐"),
                    ("准备地下室储物登记本", "物业小吴"),
                ],
            },
            {
                "title": "垃圾分类和租客沟通",
                "days_ago": 30,
                "place": "5 栋物业活动室",
                "attendance": 19,
                "agenda": "垃圾分类投放时间\n新搬来租客怎么知道规矩",
                "discussion": (
                    "老住户反映晚上十点以后还有人把垃圾放在桶边。"
                    "协会的人说很多新租客根本不知道投放时间，不是故意的。"
                    "大家同意做一张简单的图，新租客入住时由房东或协会交给他们。"
                ),
                "decisions": [("制作入住须知图，房东签租约时一并交给租客", 18, 0, 1)],
                "actions": [("画入住须知图，找社区帮忙打印", "马阿姨")],
            },
            {
                "title": "电动车停放与充电",
                "days_ago": 8,
                "place": "小区中心花园",
                "attendance": 26,
                "agenda": "电动车上楼充电\n增设充电桩",
                "discussion": (
                    "有人把电动车推进电梯上楼充电，大家很担心安全。"
                    "物业表示可以在 3 栋旁边加装充电桩，费用按次收取。"
                    "会上请大家在议事会上一起推动这件事。"
                ),
                "decisions": [("支持在 3 栋旁增设充电桩，禁止电动车进电梯", 24, 1, 1)],
                "actions": [("收集各栋需要充电的户数", "梁大姐")],
                "link_matters": True,
            },
        ],
    },
    {
        "slug": "juweihui",
        "title": "幸福社区流动人口协会",
        "site_type": SiteType.COMMITTEE,
        "address": "柳林路 18 号 幸福社区居委会",
        "location_description": "居委会一楼议事厅",
        "meeting_schedule": "每季度议事会前一周的星期三晚上 7 点",
        "contact_phone": "027-8765 0018",
        "introduction": (
            "在社区居委会成立的协会，联系散居在社区各处、不在市场或工地的外来务工朋友。"
            "帮大家办居住登记、了解政策，把大家的想法带到季度议事会上。"
        ),
        "leader_title": "秘书长",
        "minutes": [
            {
                "title": "居住登记集中办理",
                "days_ago": 80,
                "place": "居委会一楼议事厅",
                "attendance": 22,
                "agenda": "居住登记\n人口学校课程安排",
                "discussion": (
                    "社区干事介绍了居住登记要带的证件，说明登记以后孩子上学、看病都方便。"
                    "有人担心请不了假，大家提议周末集中办一次。"
                ),
                "decisions": [("本月最后一个周六在居委会集中办理居住登记", 21, 0, 1)],
                "actions": [("联系派出所民警周六到场", "社区干事王芳")],
            },
            {
                "title": "第二季度议事会议题准备",
                "days_ago": 35,
                "place": "居委会一楼议事厅",
                "attendance": 27,
                "agenda": "收集本季度议题\n推选参加议事会的代表",
                "discussion": (
                    "大家提了七八个想法，最多的是夜间路灯和公共厕所开放时间。"
                    "会上推选了三位代表参加季度议事会，把大家的意见带过去。"
                ),
                "decisions": [
                    ("推选郑师傅、唐阿姨、许大哥为议事会代表", 25, 0, 2),
                    ("夜间路灯问题作为本协会的首要议题", 23, 2, 2),
                ],
                "actions": [("把议题写好提交到议事箱", "郑师傅")],
                "link_matters": True,
            },
            {
                "title": "康检通知和家庭困难帮扶",
                "days_ago": 10,
                "place": "居委会一楼议事厅",
                "attendance": 17,
                "agenda": "本季度免费康检\n困难家庭学费减免申请",
                "discussion": (
                    "社区通知本季度的免费康检时间，结果会寄回户籍地，大家可以放心。"
                    "两户家庭说孩子学费有困难，协会帮他们填写了减免申请。"
                ),
                "decisions": [("协会成员互相提醒参加康检，困难家庭由协会协助申请", 17, 0, 0)],
                "actions": [("康检前一天在群里再提醒一次", "冯姐")],
                "visibility": Minutes.Visibility.MEMBERS,
            },
        ],
    },
]


def build(context):
    home = _home(context)
    index = AssociationIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=AssociationIndexPage(
                title="流动人口协会",
                slug="xiehui",
                introduction=(
                    "在居委会、市场、建筑工地和商品住宅区成立的流动人口协会。"
                    "找到离你最近的协会，申请加入，看看大家最近商量了什么。"
                ),
            )
        )
    leaders = [context.user(DEMO_LEADER), *context.residents[:3]]
    residents = context.residents[3:]
    for number, (data, leader) in enumerate(zip(ASSOCIATIONS, leaders, strict=True)):
        association = _association(index, context.community, data)
        _member(association, leader, Membership.Role.LEADER, data["leader_title"])
        members = residents[number * 3 : number * 3 + 5]
        for user in members:
            _member(association, user)
        # Someone who is not a member yet has asked to join (status: pending).
        Membership.objects.get_or_create(
            association=association, user=residents[(number * 3 + 7) % len(residents)]
        )
        _meeting(association, data)
        for position, record in enumerate(data["minutes"]):
            _minutes(association, leader, [leader, *members], record, edited=position == 0)
    return home


def _home(context):
    home = HomePage.objects.first()
    if home.community_id is None:
        home.community = context.community
        home.title = "幸福社区"
        home.introduction = (
            "幸福社区是柳林街道的一个老城区社区，本地居民和外来务工人员住在一起。"
            "社区的事，大家商量着办：每季度召开一次议事会，一事一议。"
        )
        home.save_revision().publish()
    return home


def _association(index, community, data):
    association = AssociationPage.objects.child_of(index).filter(slug=data["slug"]).first()
    if association is None:
        fields = {
            key: value for key, value in data.items() if key not in ("minutes", "leader_title")
        }
        association = index.add_child(instance=AssociationPage(community=community, **fields))
    return association


def _member(association, user, role=Membership.Role.MEMBER, title=""):
    Membership.objects.update_or_create(
        association=association,
        user=user,
        defaults={"status": Membership.Status.ACTIVE, "role": role, "title": title},
    )
    sync_leader_role(user)


def _meeting(association, data):
    if not association.meetings.filter(starts_at__gte=timezone.now()).exists():
        starts_at = timezone.localtime().replace(hour=19, minute=30, second=0, microsecond=0)
        Meeting.objects.create(
            association=association,
            starts_at=starts_at + datetime.timedelta(days=9),
            place=data["location_description"],
            topic="例会：" + "、".join(data["minutes"][-1]["agenda"].splitlines()[:2]),
        )


def _minutes(association, leader, members, record, edited):
    if association.minutes.filter(title=record["title"]).exists():
        return
    held_on = timezone.localdate() - datetime.timedelta(days=record["days_ago"])
    published_at = timezone.make_aware(
        datetime.datetime.combine(held_on + datetime.timedelta(days=1), datetime.time(21))
    )
    minutes = Minutes.objects.create(
        association=association,
        title=record["title"],
        held_on=held_on,
        place=record["place"],
        attendance=record["attendance"],
        agenda=record["agenda"],
        discussion=record["discussion"],
        visibility=record.get("visibility", Minutes.Visibility.PUBLIC),
        status=Minutes.Status.PUBLISHED,
        created_by=leader,
        published_at=published_at,
    )
    minutes.attendees.set(members)
    Decision.objects.bulk_create(
        Decision(minutes=minutes, position=i, text=t, votes_for=f, votes_against=a, votes_abstain=b)
        for i, (t, f, a, b) in enumerate(record["decisions"])
    )
    Action.objects.bulk_create(
        Action(minutes=minutes, position=i, text=text, owner=owner)
        for i, (text, owner) in enumerate(record["actions"])
    )
    if record.get("link_matters"):
        from governance.models import Matter

        minutes.matters.set(
            Matter.objects.filter(
                community=association.community_id,
                state__in=[Matter.State.ACCEPTED, Matter.State.MERGED],
            )[:2]
        )
    MinutesRevision.objects.create(
        minutes=minutes, edited_by=leader, edited_at=published_at, published=True
    )
    if edited:
        MinutesRevision.objects.create(
            minutes=minutes,
            edited_by=leader,
            edited_at=published_at + datetime.timedelta(days=2),
            changes=[
                {
                    "field": "出席人数",
                    "before": str(record["attendance"] - 2),
                    "after": str(record["attendance"]),
                }
            ],
        )
