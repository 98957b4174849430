"""Demo community and users, for local use only (their passwords are in the README).

Every ``build`` here and in the other apps' ``demo`` modules is idempotent: running
``load_demo`` twice leaves one copy of everything.
"""

import secrets
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from . import roles
from .models import Community, User
from .privacy import services as privacy

DEMO_PASSWORD = "yishi-demo-2026"  # noqa: S105 - local demo only, listed in the README
# Base32 secret for the staff accounts' authenticator apps (local demo only).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# (phone, display name, roles, verified, superuser)
DEMO_USERS = [
    ("13800138000", "管理员老周", [roles.COMMUNITY_STAFF], True, True),
    ("13800138001", "社区干事王芳", [roles.COMMUNITY_STAFF], True, False),
    ("13800138002", "人口学校李老师", [roles.SCHOOL_STAFF], True, False),
    ("13800138006", "人口学校陈老师", [roles.SCHOOL_STAFF], True, False),
    ("13800138003", "市场协会张会长", [roles.ASSOCIATION_LEADER], True, False),
    ("13800138004", "居民刘大姐", [], True, False),
    ("13800138005", "新来的小赵", [], False, False),
]
# More residents, so votes, comments and memberships look like a community's.
EXTRA_RESIDENT_NAMES = [
    "郭师傅",
    "马阿姨",
    "胡大哥",
    "孙师傅",
    "何姐",
    "罗师傅",
    "高大爷",
    "林妹子",
    "郑师傅",
    "梁大姐",
    "谢老板",
    "宋师傅",
    "唐阿姨",
    "许大哥",
    "韩师傅",
    "冯姐",
]


@dataclass
class DemoContext:
    community: Community
    users: dict = field(default_factory=dict)  # phone → User
    residents: list = field(default_factory=list)  # verified residents, staff excluded

    def user(self, phone):
        return self.users[phone]


def build():
    community, _ = Community.objects.get_or_create(
        slug="xingfu",
        defaults={
            "name": "幸福社区居委会",
            "district": "青山区",
            "street_office": "柳林街道办事处",
            "address": "柳林路 18 号",
        },
    )
    context = DemoContext(community=community)
    staff = User.objects.filter(is_superuser=True).first()
    people = list(DEMO_USERS)
    people += [
        (f"1390000{index:04d}", name, [], True, False)
        for index, name in enumerate(EXTRA_RESIDENT_NAMES, start=1)
    ]
    for phone, name, user_roles, verified, superuser in people:
        user = _user(community, phone, name, user_roles, superuser)
        staff = staff or user
        if verified and not user.is_verified_resident:
            user.verify(by=staff)
        context.users[phone] = user
        privacy.record_consent(user)  # as sign-up would have (they are not asked first)
        if not user_roles and verified:
            context.residents.append(user)
    return context


def _user(community, phone, name, user_roles, superuser):
    e164 = f"+86{phone}"
    user = User.objects.filter(phone=e164).first()
    if user is None:
        user = User(
            # Not derived from the number: nobody guesses a staff account's user name.
            username=f"u{secrets.token_hex(6)}",
            phone=e164,
            phone_verified=True,
            display_name=name,
            community=community,
            is_superuser=superuser,
            is_staff=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(*Group.objects.filter(name__in=[roles.RESIDENT, *user_roles]))
    if (superuser or set(user_roles) & set(roles.ADMIN_ROLES)) and not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user
