"""Who may do what on the privacy routes (the vocabulary: ``portal/routes.py``).

The notice is public. Everyone of the world agreed to the version in force at sign-up, so the
consent page sends them on. No installed app declares a sensitive purpose yet: the world's
consent names one that is not declared, and asking or withdrawing it is a 404.
"""

from portal.routes import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, by_role

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
        "kwargs": {"purpose_key": "privacy.SensitiveConsent:purpose"},
        "GET": by_role(NOT_FOUND, anonymous=LOGIN),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN),
    },
    "privacy:withdraw": {
        "kwargs": {"purpose_key": "privacy.SensitiveConsent:purpose"},
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN),
    },
}
