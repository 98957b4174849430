"""Demo units, the three responsibility agreements and a joint meeting (idempotent: built
through ``services``; a second run finds everything by name and adds nothing)."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Agreement, AgreementKind, AgreementTemplate, JointMeeting, Unit, UnitKind

STAFF = "13800138001"
MARKET_LEADER = "13800138003"

TEMPLATES = {
    AgreementKind.STREET_COMMITTEE: (
        "街道与社区居委会流动人口管理责任书",
        "为做好辖区流动人口的服务和管理，街道办事处与社区居委会约定如下责任。",
        [
            "社区居委会负责本社区流动人口的登记、核查和信息上报，每月底前报送街道。",
            "社区居委会组织居民公约的修订和每季度的一事一议，街道派人列席。",
            "街道办事处为社区提供培训、经费和联席会议的组织保障。",
            "双方每季度召开一次综合治理联席会议，通报情况、商定措施。",
        ],
    ),
    AgreementKind.COMMITTEE_UNIT: (
        "社区与单位（出租户）流动人口管理责任书",
        "本社区内的单位和出租房屋的房东是社区工作的一部分，与居委会约定如下责任。",
        [
            "单位（房东）指定一名负责人和联络员，人员变动七日内告知居委会。",
            "新来的务工人员或租户到达后七日内，提醒并协助其到居委会登记。",
            "配合居委会开展计划生育、健康检查和安全宣传，提供场地和时间。",
            "发现安全隐患或纠纷及时报告居委会，不私下处理。",
        ],
    ),
    AgreementKind.UNIT_WORKERS: (
        "单位与务工人员责任书",
        "单位与在本单位务工的流动人员共同遵守以下约定。",
        [
            "务工人员到岗后七日内到社区居委会登记，信息变动及时告知。",
            "遵守居民公约和工地安全规定，不在宿舍私拉电线、给电动车充电。",
            "单位按时足额发放工资，为务工人员参加社区培训和健康检查提供方便。",
        ],
    ),
}

# (name, kind, address, lead phone or None, lead name, lead phone, people, coordinators)
UNITS = [
    (
        "柳林农贸市场",
        UnitKind.MARKET,
        "柳林路 52 号",
        MARKET_LEADER,
        "",
        "",
        64,
        [("何姐", "139 0000 0005")],
    ),
    (
        "城南安置房三期工地",
        UnitKind.CONSTRUCTION_SITE,
        "柳林路南段",
        "13900000004",
        "",
        "",
        120,
        [("郑师傅", "139 0000 0009")],
    ),
    (
        "江滨路排水改造工地",
        UnitKind.CONSTRUCTION_SITE,
        "江滨路 3 号",
        None,
        "钱工长",
        "138 2222 0303",
        45,
        [],
    ),
    ("马阿姨出租屋", UnitKind.LANDLORD, "柳林路 18 号院 3 栋", "13900000002", "", "", 9, []),
    ("老胡出租屋", UnitKind.LANDLORD, "柳林巷 7 号", None, "胡大哥", "139 0000 0003", 6, []),
    ("顺达物流", UnitKind.EMPLOYER, "柳林工业园 2 号", None, "周经理", "138 2222 0101", 38, []),
    ("兴旺五金店", UnitKind.SHOP, "柳林路 40 号", "13900000011", "", "", 4, []),
    ("柳林小区物业", UnitKind.OTHER, "柳林小区 1 栋", None, "吴主任", "138 2222 0202", 12, []),
]


def build(context):
    community = context.community
    staff = context.user(STAFF)
    templates = {kind: _template(community, kind, *text) for kind, text in TEMPLATES.items()}
    units = {}
    for name, kind, address, lead, lead_name, lead_phone, people, coordinators in UNITS:
        unit = Unit.objects.filter(community=community, name=name).first()
        if unit is None:
            unit = services.save_unit(
                Unit(community=community),
                staff,
                fields={
                    "name": name,
                    "kind": kind,
                    "address": address,
                    "lead": context.users.get(f"{lead}") if lead else None,
                    "lead_name": lead_name,
                    "lead_phone": lead_phone,
                    "people": people,
                },
                coordinators=[{"name": n, "phone": p, "user": None} for n, p in coordinators],
            )
        units[name] = unit
    _link_association(units["柳林农贸市场"])
    _agreements(context, templates, units, staff)
    _meeting(context, units, staff)


def _template(community, kind, title, preamble, duties):
    template = AgreementTemplate.objects.filter(community=community, kind=kind).first()
    if template is None:
        template = AgreementTemplate(community=community, kind=kind, title=title, preamble=preamble)
        for order, text in enumerate(duties):
            template.duties.add(template.duties.model(text=text, sort_order=order))
        template.save()
    return template


def _link_association(unit):
    """The market's migrant association, once the associations' demo has built it."""
    from django.apps import apps

    if unit.association_id is not None or not apps.is_installed("pages.associations"):
        return
    model = apps.get_model("associations", "AssociationPage")
    association = model.objects.filter(community=unit.community, slug="shichang").first()
    if association is not None:
        unit.association = association
        unit.save(update_fields=["association"])


def _agreement(context, template, title, unit, second, starts, ends, *, signed=True, by=None):
    today = timezone.localdate()
    agreement = Agreement.objects.filter(community=context.community, title=title).first()
    if agreement is not None:
        return agreement, False
    agreement = services.create_agreement(
        template,
        unit=unit,
        title=title,
        first_party=(
            context.community.street_office
            if template.kind == AgreementKind.STREET_COMMITTEE
            else unit.name
            if template.kind == AgreementKind.UNIT_WORKERS
            else context.community.name
        ),
        second_party=second,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
    )
    if signed:
        services.record_signed(
            agreement,
            by,
            signed_on=today + timedelta(days=min(starts, 0) - 3),
            signed_by=f"王芳（居委会），{second}",
        )
    return agreement, True


def _agreements(context, templates, units, staff):
    street = templates[AgreementKind.STREET_COMMITTEE]
    unit_t = templates[AgreementKind.COMMITTEE_UNIT]
    workers_t = templates[AgreementKind.UNIT_WORKERS]
    name = context.community.name
    _agreement(
        context,
        street,
        f"{context.community.street_office}—{name}责任书",
        None,
        name,
        -200,
        165,
        by=staff,
    )
    _agreement(
        context, unit_t, "马阿姨出租屋责任书", units["马阿姨出租屋"], "马阿姨", -345, 20, by=staff
    )
    _agreement(
        context,
        unit_t,
        "城南安置房三期工地责任书",
        units["城南安置房三期工地"],
        "城南安置房三期工地",
        -60,
        305,
        by=staff,
    )
    old, created = _agreement(
        context,
        unit_t,
        "柳林农贸市场责任书（上一期）",
        units["柳林农贸市场"],
        "柳林农贸市场",
        -375,
        -10,
        by=staff,
    )
    if created:
        renewal = services.renew(old, staff)
        renewal.title = "柳林农贸市场责任书"
        renewal.save(update_fields=["title"])
        first = renewal.duties.order_by("sort_order").first()
        first.text = "单位（房东）指定一名负责人和两名联络员，人员变动三日内告知居委会。"
        first.save(update_fields=["text"])
    shop, created = _agreement(
        context, unit_t, "兴旺五金店责任书", units["兴旺五金店"], "兴旺五金店", -120, 245, by=staff
    )
    if created:
        services.end_agreement(shop, staff, on=timezone.localdate() - timedelta(days=5))
    _agreement(
        context, unit_t, "顺达物流责任书", units["顺达物流"], "顺达物流", 10, 375, signed=False
    )
    site = units["城南安置房三期工地"]
    workers, created = _agreement(
        context,
        workers_t,
        "城南安置房三期工地务工人员责任书",
        site,
        "本工地全体务工人员",
        -50,
        315,
        by=staff,
    )
    if created:
        for phone in ("13900000001", "13900000006", "13900000009"):
            services.sign_as_worker(workers, context.user(phone))


def _meeting(context, units, staff):
    title = "第二季度综合治理联席会议"
    if JointMeeting.objects.filter(community=context.community, title=title).exists():
        return
    today = timezone.localdate()
    landlord = Agreement.objects.filter(community=context.community, title="马阿姨出租屋责任书")
    meeting = services.save_meeting(
        context.community,
        staff,
        fields={
            "title": title,
            "held_on": today - timedelta(days=12),
            "place": "社区居委会二楼会议室",
            "discussion": (
                "街道通报了上季度流动人口登记核查的进度，两个工地新到工人较多，登记偏慢。"
                "派出所提醒出租屋消防隐患，建议房东统一检查电动车充电。"
                "工地负责人表示愿意在发工资时顺便组织工人登记。"
            ),
        },
        units=[units["城南安置房三期工地"], units["江滨路排水改造工地"], units["马阿姨出租屋"]],
        agreements=list(landlord),
        matters=[],
        attendance=[
            {"body": "street_office", "represented_by": "柳林街道综治办", "people": 1},
            {"body": "committee", "represented_by": "王芳等", "people": 2},
            {"body": "unit", "represented_by": "两个工地、三户房东", "people": 5},
            {"body": "police", "represented_by": "柳林派出所社区民警", "people": 1},
        ],
        decisions=[
            {"text": "工地在每月发工资当天组织新到工人集中登记"},
            {"text": "出租屋消防检查本月内完成一轮"},
        ],
        follow_ups=[
            {
                "text": "把登记表送到两个工地",
                "owner": "王芳",
                "due_on": today - timedelta(days=2),
                "done_on": None,
            },
            {
                "text": "出租屋消防检查",
                "owner": "社区民警",
                "due_on": today + timedelta(days=18),
                "done_on": None,
            },
        ],
    )
    services.send_notice(
        context.community,
        staff,
        title="本月出租屋消防检查",
        body="本月内社区民警和居委会将逐户检查出租屋的消防安全，请房东提前清理楼道、"
        "检查电线，不在室内给电动车充电。",
        units=Unit.objects.filter(community=context.community, kind=UnitKind.LANDLORD),
    )
    return meeting
