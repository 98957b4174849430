"""A child under 14 is registered by staff with a guardian's consent; demo users agreed."""

import pytest

from portal import audit
from portal import demo as portal_demo
from portal.factories import UserFactory
from portal.privacy import personal_data, services
from portal.privacy.models import ConsentRecord, GuardianConsent

pytestmark = pytest.mark.django_db


def test_staff_record_a_guardians_consent(staff, first_notice, community):
    child = UserFactory(community=community, agreed=False)

    consent = services.record_guardian_consent(staff, child, "王秀英", "母亲", "+8613800138009")

    assert GuardianConsent.objects.get(user=child) == consent
    assert (consent.recorded_by, consent.notice) == (staff, first_notice)
    assert ConsentRecord.objects.get(user=child).notice == first_notice
    entry = audit.AuditEntry.objects.get(action=audit.Action.RECORD_GUARDIAN_CONSENT)
    assert (entry.actor, entry.person) == (staff, child)
    data = personal_data.export(child)
    assert [row["relationship"] for row in data["privacy.GuardianConsent"].rows] == ["母亲"]
    # The staff member's own data says they recorded one, not whose.
    recorded = personal_data.export(staff)["privacy.GuardianConsent"].rows
    assert [set(row) for row in recorded] == [{"recorded_at", "recorded_by_you"}]


def test_a_childs_guardian_consent_goes_with_the_childs_account(staff, first_notice, community):
    child = UserFactory(community=community, agreed=False)
    services.record_guardian_consent(staff, child, "王秀英", "母亲", "+8613800138009")

    pk = child.pk
    child.delete()  # the erasers run on any deletion

    assert not GuardianConsent.objects.exists()
    assert not ConsentRecord.objects.filter(user_id=pk).exists()


def test_a_staff_members_deletion_leaves_the_childs_consent_unlinked(
    staff, first_notice, community
):
    from portal.personal_data.services import erase

    child = UserFactory(community=community, agreed=False)
    services.record_guardian_consent(staff, child, "王秀英", "母亲", "+8613800138009")

    erase(staff)

    consent = GuardianConsent.objects.get(user=child)
    assert consent.recorded_by is None
    assert (consent.guardian_name, consent.relationship) == ("王秀英", "母亲")


def test_withdrawing_tells_the_capability(resident, health_purpose):
    heard = []

    def listener(sender, user, purpose, **kwargs):
        heard.append((user, purpose))

    services.consent_withdrawn.connect(listener)
    try:
        services.give_sensitive_consent(resident, "health-checkup")
        services.withdraw_sensitive_consent(resident, "health-checkup")
        services.withdraw_sensitive_consent(resident, "health-checkup")
    finally:
        services.consent_withdrawn.disconnect(listener)
    assert heard == [(resident, "health-checkup")]


def test_demo_users_have_agreed_to_the_notice(first_notice):
    portal_demo.build()
    context = portal_demo.build()  # idempotent

    assert ConsentRecord.objects.filter(notice=first_notice).count() == len(context.users)


def test_the_admin_records_a_guardians_consent(client, superuser, first_notice, community):
    from django.urls import reverse

    child = UserFactory(community=community, agreed=False, display_name="小明")
    client.force_login(superuser)
    url = reverse("wagtailsnippets_privacy_guardianconsent:add")
    form = client.get(url).content.decode()
    assert f'<option value="{child.pk}">' in form
    assert f'<option value="{superuser.pk}">' not in form  # already agreed: not a child

    response = client.post(
        url, {"user": child.pk, "guardian_name": "王秀英", "relationship": "母亲"}
    )

    assert response.status_code == 302
    consent = GuardianConsent.objects.get(user=child)
    assert consent.recorded_by == superuser
    assert ConsentRecord.objects.get(user=child).notice == first_notice
    assert audit.AuditEntry.objects.filter(
        action=audit.Action.RECORD_GUARDIAN_CONSENT, person=child
    ).exists()
