"""Who may do what on the privacy routes (the vocabulary: ``portal/routes.py``)."""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

TODO = "todo"
ROUTES = {
    name: {**({"kwargs": kw} if kw else {}), "GET": TODO, "POST": TODO}
    for name, kw in {
        "privacy:notice": None,
        "privacy:notice_version": {"version": "privacy.PrivacyNotice:version"},
        "privacy:consent": None,
        "privacy:my_consents": None,
        "privacy:sensitive": {"purpose_key": "privacy.SensitiveConsent:purpose"},
        "privacy:withdraw": {"purpose_key": "privacy.SensitiveConsent:purpose"},
    }.items()
}
