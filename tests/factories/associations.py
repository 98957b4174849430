import factory
import wagtail_factories
from django.utils import timezone

from pages.associations.models import (
    AssociationIndexPage,
    AssociationPage,
    Membership,
    Minutes,
    SiteType,
)
from portal.factories import CommunityFactory, UserFactory


class AssociationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AssociationIndexPage

    title = "流动人口协会"
    slug = "xiehui"


class AssociationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AssociationPage

    title = factory.Sequence(lambda n: f"协会{n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    community = factory.SubFactory(CommunityFactory)
    site_type = SiteType.MARKET
    contact_phone = "027-1234 5678"


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member; pass ``role=Membership.Role.LEADER`` for a leader."""

    class Meta:
        model = Membership

    association = factory.SubFactory(AssociationPageFactory)
    user = factory.SubFactory(
        UserFactory, community=factory.SelfAttribute("..association.community")
    )
    status = Membership.Status.ACTIVE


class MinutesFactory(factory.django.DjangoModelFactory):
    """Published public minutes; traits ``members_only`` and ``draft``."""

    class Meta:
        model = Minutes

    association = factory.SubFactory(AssociationPageFactory)
    title = factory.Sequence(lambda n: f"第{n}次例会")
    held_on = factory.LazyFunction(timezone.localdate)
    place = "市场办公室"
    attendance = 12
    discussion = "大家讨论了卫生值日。"
    status = Minutes.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        members_only = factory.Trait(visibility=Minutes.Visibility.MEMBERS)
        draft = factory.Trait(status=Minutes.Status.DRAFT, published_at=None)
