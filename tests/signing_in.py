"""Signing test clients in without the forms, as a session after each step would be.

``Client.force_login`` skips the login forms entirely. Staff powers need a session that
passed the second factor (``portal.second_factor``), so for an account with a TOTP device
the test suite's ``force_login`` also writes the record allauth writes when the code is
typed (``install``, called from tests/conftest.py): a test that signs staff in by fiat gets
a staff session, as before. For an account without a device it writes nothing, as a
password-only login would leave it. ``password_only_login`` is the force_login without
that step; the login forms themselves (password, then TOTP) are posted for real in
tests/portal/test_second_factor.py.
"""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from django.test import Client

_original_force_login = Client.force_login


def pass_second_factor(client, user):
    """Record in ``client``'s session that ``user`` passed TOTP, as allauth does."""
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    session = client.session
    records = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "id": totp.pk if totp else 0, "type": "totp"},
    ]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def password_only_login(client, user):
    """Sign ``client`` in as ``user`` with no second factor in the session."""
    _original_force_login(client, user)


def _force_login(self, user, backend=None):
    from allauth.mfa.models import Authenticator

    _original_force_login(self, user, backend)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        pass_second_factor(self, user)


def install():
    Client.force_login = _force_login
