"""Demo: a check-up day next week with a few bookings, and requests for help at several
steps. Idempotent: built only once per community."""

from datetime import time, timedelta

from django.utils import timezone

from portal.privacy import services as privacy

from . import services
from .models import CheckupDay, HelpRequest


def build(context):
    community = context.community
    staff = context.user("13800138001")
    if CheckupDay.objects.filter(community=community).exists():
        return
    day = services.schedule_day(
        staff,
        date=timezone.localdate() + timedelta(days=7),
        starts_at=time(8, 30),
        ends_at=time(11, 30),
        place="社区卫生服务站二楼",
        capacity=6,
        who_may_come="本社区已婚育龄妇女（含流动人口）",
        what_to_bring="身份证、婚育证明；检查前请空腹",
    )
    liu = context.user("13800138004")
    others = [person for person in context.residents if person != liu]
    people = [liu, *others[:7]]
    for index, person in enumerate(people):
        privacy.give_sensitive_consent(person, services.CHECKUP)
        services.book(day, person, remind_by_sms=index % 2 == 0)

    asks = [
        (
            context.user("13800138004"),
            HelpRequest.Kind.SCHOOL,
            "孩子今年七岁，想在社区附近的小学报名，户口在老家。",
        ),
        (
            others[8],
            HelpRequest.Kind.FEES,
            "丈夫工地受伤在家，两个孩子的学杂费交不上，想申请减免。",
        ),
        (others[9], HelpRequest.Kind.OTHER, "刚搬来，想了解租房困难家庭有没有补助。"),
    ]
    for person, kind, text in asks:
        privacy.give_sensitive_consent(person, services.FAMILY_HELP)
        services.ask_for_help(person, kind, text)
    first, second, _third = HelpRequest.objects.filter(community=community).order_by("pk")[:3]
    services.set_status(
        staff, first, HelpRequest.Status.NEEDS_INFO, "请补充孩子的出生证明和租房合同照片。"
    )
    services.set_status(staff, second, HelpRequest.Status.REFERRED, "已转街道教育办，一周内回复。")
