from datetime import timedelta

import factory
from django.utils import timezone

from portal.factories import CommunityFactory

from . import services
from .models import AgreementKind, AgreementTemplate, TemplateDuty, Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.LANDLORD
    address = "柳林路 18 号"
    people = 6


DUTIES = [
    "新来的租户到达后七日内，提醒并协助其到居委会登记。",
    "不在楼道里给电动车充电。",
    "发现纠纷及时报告居委会。",
]


TITLES = {
    AgreementKind.STREET_COMMITTEE: "街道与居委会责任书",
    AgreementKind.COMMITTEE_UNIT: "居委会与出租户责任书",
    AgreementKind.UNIT_WORKERS: "工地与务工人员责任书",
}


def make_template(community, kind=AgreementKind.COMMITTEE_UNIT, duties=DUTIES, title=None):
    template = AgreementTemplate.objects.create(
        community=community, kind=kind, title=title or TITLES[kind], preamble="约定如下。"
    )
    for order, text in enumerate(duties):
        TemplateDuty.objects.create(template=template, sort_order=order, text=text)
    return template


def make_agreement(template, unit=None, *, starts=-100, ends=200, signed=True, by=None):
    """An agreement from ``template``, ``starts``/``ends`` days from today, signed or not."""
    today = timezone.localdate()
    agreement = services.create_agreement(
        template,
        unit=unit,
        first_party="测试社区居委会",
        second_party=unit.name if unit else "柳林街道办事处",
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
    )
    if signed:
        services.record_signed(
            agreement, by, signed_on=today + timedelta(days=min(starts, 0) - 1), signed_by="王芳"
        )
    return agreement
