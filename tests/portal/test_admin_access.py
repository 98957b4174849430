import pytest
from allauth.mfa.models import Authenticator

from portal import roles
from portal.factories import UserFactory
from portal.models import User

pytestmark = pytest.mark.django_db


def test_staff_without_totp_are_sent_to_set_it_up(client, community):
    staff = UserFactory(community=community, roles=[roles.COMMUNITY_STAFF])
    Authenticator.objects.filter(user=staff).delete()
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_staff_with_totp_reach_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_residents_cannot_reach_the_admin(client, resident):
    client.force_login(resident)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_verify_a_resident_of_their_community(client, staff, resident):
    client.force_login(staff)

    listing = client.get("/admin/residents/pending/")
    assert resident.public_name in listing.content.decode()
    response = client.post(f"/admin/residents/{resident.pk}/verify/")

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.is_verified_resident
    assert resident.verified_by == staff
    assert resident.has_role(roles.VERIFIED_RESIDENT)


def test_staff_cannot_verify_another_communitys_resident(client, staff, other_community):
    stranger = UserFactory(community=other_community)
    client.force_login(staff)

    assert stranger.public_name not in client.get("/admin/residents/pending/").content.decode()
    assert client.post(f"/admin/residents/{stranger.pk}/verify/").status_code == 404
    assert not User.objects.get(pk=stranger.pk).is_verified_resident


def test_school_staff_cannot_verify_residents(client, school_staff, resident):
    client.force_login(school_staff)

    listing = client.get("/admin/residents/pending/")
    verify = client.post(f"/admin/residents/{resident.pk}/verify/")

    # Wagtail's admin answers a refused permission with a redirect to its dashboard.
    assert (listing.status_code, listing["Location"]) == (302, "/admin/")
    assert (verify.status_code, verify["Location"]) == (302, "/admin/")
    resident.refresh_from_db()
    assert not resident.is_verified_resident


def test_the_admin_names_staff_by_their_display_name(client, staff):
    """The account button and Wagtail's listings, not the user name ``u138…``."""
    import json
    import re

    from wagtail.admin.utils import get_user_display_name

    staff.display_name = "社区干事王芳"
    staff.save()
    client.force_login(staff)
    html = client.get("/admin/").text
    props = json.loads(re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html).group(1))
    assert "社区干事王芳" in json.dumps(props, ensure_ascii=False)
    assert staff.username not in json.dumps(props, ensure_ascii=False)
    assert get_user_display_name(staff) == "社区干事王芳"
    staff.refresh_from_db()
    assert staff.first_name == ""  # named for the page only, nothing saved


def test_the_readme_prints_a_totp_code_the_demo_staff_can_log_in_with():
    import re
    import subprocess
    import sys
    import time
    from pathlib import Path

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.conf import settings

    from portal.demo import DEMO_TOTP_SECRET

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    command = re.search(r"`\.venv/bin/python (manage\.py totp_code)`", readme).group(1).split()
    started = int(time.time()) // 30
    result = subprocess.run(
        [sys.executable, *command], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    ended = int(time.time()) // 30
    assert result.returncode == 0, result.stderr
    # The code of the 30-second window the command ran in (it may have begun in the last one).
    valid = {format_hotp_value(hotp_value(DEMO_TOTP_SECRET, n)) for n in (started, ended)}
    assert result.stdout.strip() in valid
