import factory
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.utils import timezone

from . import roles
from .models import Community, User

TEST_PASSWORD = "correct-horse-battery"  # noqa: S105
TOTP_TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试社区{n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    district = "青山区"
    street_office = "柳林街道办事处"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up resident, who agreed to the privacy notice in force (as sign-up
    records). Traits: ``verified``; ``role`` names extra groups; ``agreed=False`` for one
    who has not agreed yet."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    phone_verified = True
    display_name = factory.Sequence(lambda n: f"居民{n}")
    community = factory.SubFactory(CommunityFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    class Params:
        verified = factory.Trait(verified_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        names = [roles.RESIDENT, *(extracted or [])]
        if self.verified_at:
            names.append(roles.VERIFIED_RESIDENT)
        self.groups.add(*Group.objects.filter(name__in=names))
        if self.is_superuser or set(names) & set(roles.ADMIN_ROLES):
            TOTP.activate(self, TOTP_TEST_SECRET)
        self.save()

    @factory.post_generation
    def agreed(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from .privacy import services as privacy

            privacy.record_consent(self)


def staff_user(**kwargs):
    """Community staff (may reach the admin; TOTP already set up)."""
    return UserFactory(verified=True, roles=[roles.COMMUNITY_STAFF], **kwargs)


def school_staff_user(**kwargs):
    return UserFactory(verified=True, roles=[roles.SCHOOL_STAFF], **kwargs)
