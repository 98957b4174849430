"""Who may do what on the privacy routes (the vocabulary: ``portal/routes.py``).

The notice is public. Everyone of the world agreed to the version in force at sign-up, so the
consent page sends them on. The world's sensitive consent is the verified resident's, to
health check-ups (declared by ``training.care``).
"""

from portal.routes import LOGIN, NOT_ALLOWED, OK, by_role

SIGNED_IN = by_role(OK, anonymous=LOGIN)

ROUTES = {
    "privacy:notice": {"GET": OK, "POST": OK},
    "privacy:notice_version": {
        "kwargs": {"version": "privacy.PrivacyNotice:version"},
        "GET": OK,
        "POST": OK,
    },
    "privacy:consent": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "privacy:my_consents": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "privacy:sensitive": {
        # The verified resident has consented (sent on), the others are asked.
        "kwargs": {"purpose_key": "privacy.SensitiveConsent:purpose"},
        "GET": SIGNED_IN,
        "POST": SIGNED_IN,
    },
    "privacy:withdraw": {
        # Withdrawing one's own consent; without one, nothing happens.
        "kwargs": {"purpose_key": "privacy.SensitiveConsent:purpose"},
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": SIGNED_IN,
    },
}
