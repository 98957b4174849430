"""Separate, withdrawable consent per purpose for sensitive personal information."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from portal.privacy import services
from portal.privacy.decorators import sensitive_consent_required
from portal.privacy.models import SensitiveConsent

pytestmark = pytest.mark.django_db


def test_give_and_withdraw(resident, first_notice, health_purpose):
    assert not services.has_sensitive_consent(resident, "health-checkup")

    consent = services.give_sensitive_consent(resident, "health-checkup")
    assert services.has_sensitive_consent(resident, "health-checkup")
    assert (consent.notice, consent.withdrawn_at) == (first_notice, None)
    assert services.give_sensitive_consent(resident, "health-checkup") == consent

    assert services.withdraw(resident, "health-checkup") is True
    assert not services.has_sensitive_consent(resident, "health-checkup")
    assert services.withdraw(resident, "health-checkup") is False

    again = services.give_sensitive_consent(resident, "health-checkup")
    assert again != consent
    rows = SensitiveConsent.objects.filter(user=resident).order_by("given_at", "pk")
    assert [row.withdrawn_at is None for row in rows] == [False, True]


def test_consent_is_per_person_and_per_purpose(resident, verified_resident, health_purpose):
    services.give_sensitive_consent(resident, "health-checkup")
    assert not services.has_sensitive_consent(verified_resident, "health-checkup")


def test_a_purpose_nobody_declared_is_refused(resident):
    with pytest.raises(LookupError):
        services.give_sensitive_consent(resident, "no-such-purpose")


def test_the_decorator_asks_first_then_lets_through(client, resident, health_purpose):
    @sensitive_consent_required("health-checkup")
    def book(request):
        return HttpResponse("booked")

    def call(user):
        request = RequestFactory().get("/checkups/book/?day=3")
        SessionMiddleware(lambda r: None).process_request(request)
        request.user = user
        return book(request)

    response = call(resident)
    assert response.status_code == 302
    assert response["Location"] == (
        "/privacy/sensitive/health-checkup/?next=%2Fcheckups%2Fbook%2F%3Fday%3D3"
    )

    client.force_login(resident)
    page = client.get(response["Location"])
    assert "Your check-up day and results" in page.content.decode()
    done = client.post(response["Location"], {"agree": "on", "next": "/checkups/book/?day=3"})
    assert done["Location"] == "/checkups/book/?day=3"
    assert call(resident).content == b"booked"


def test_not_ticking_records_nothing(client, resident, health_purpose):
    client.force_login(resident)
    response = client.post("/privacy/sensitive/health-checkup/", {"next": "/"})
    assert response.status_code == 200
    assert not services.has_sensitive_consent(resident, "health-checkup")


def test_my_consents_lists_them_with_a_withdraw_button(client, resident, health_purpose):
    services.give_sensitive_consent(resident, "health-checkup")
    client.force_login(resident)

    page = client.get("/privacy/my/").content.decode()
    assert "Health check-up booking" in page
    assert 'action="/privacy/sensitive/health-checkup/withdraw/"' in page

    response = client.post("/privacy/sensitive/health-checkup/withdraw/")
    assert response["Location"] == "/privacy/my/"
    assert not services.has_sensitive_consent(resident, "health-checkup")
    page = client.get("/privacy/my/").content.decode()
    assert "撤回于" in page
    assert 'action="/privacy/sensitive/health-checkup/withdraw/"' not in page


def test_an_unknown_purpose_page_is_a_404(client, resident):
    client.force_login(resident)
    assert client.get("/privacy/sensitive/nothing/").status_code == 404
    assert client.post("/privacy/sensitive/nothing/withdraw/").status_code == 404


def test_my_data_holds_the_consents(resident, first_notice, health_purpose):
    services.give_sensitive_consent(resident, "health-checkup")
    from portal.privacy import personal_data

    data = personal_data.export(resident)
    assert [c["notice__version"] for c in data["privacy.ConsentRecord"].rows] == [1]
    assert [c["purpose"] for c in data["privacy.SensitiveConsent"].rows] == ["health-checkup"]


def test_consents_are_declared_for_my_data_and_go_with_the_account(
    resident, first_notice, health_purpose
):
    from portal import capabilities
    from portal.personal_data.services import erase
    from portal.privacy import personal_data
    from portal.privacy.models import ConsentRecord, SensitiveConsent

    assert personal_data.export in capabilities.personal_data_exporters()
    assert personal_data.erase in capabilities.personal_data_erasers()
    services.give_sensitive_consent(resident, "health-checkup")
    services.withdraw_sensitive_consent(resident, "health-checkup")
    services.give_sensitive_consent(resident, "health-checkup")
    pk = resident.pk

    erase(resident)

    assert not ConsentRecord.objects.filter(user_id=pk).exists()
    assert not SensitiveConsent.objects.filter(user_id=pk).exists()
