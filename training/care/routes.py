"""Who may do what on the community services' routes (the vocabulary: ``portal/routes.py``).

In the world (``tests/routes.py``) the verified resident gave both consents, booked the
check-up day and asked for help (with a document). Booking or asking without the consent
sends the person to give it first (a redirect: ``OK``). A booking, a request for help and
its documents are for the person, the staff of their community and superusers; anyone
else, another community's staff included, gets the 404 of a missing id. Empty forms to the
staff's actions are sent back with a message (``REFUSED``).
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

SIGNED_IN = by_role(OK, anonymous=LOGIN)
PERSON = by_role(NOT_FOUND, verified=OK, staff=OK, superuser=OK)
STAFF_ONLY = by_role(NOT_FOUND, staff=OK, superuser=OK)
STAFF_REFUSE_EMPTY = by_role(NOT_FOUND, staff=REFUSED, superuser=REFUSED)
REGISTER = by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK)

ROUTES = {
    "care:checkups": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "care:totals": {"GET": OK, "POST": OK},  # counts only, small groups hidden
    "care:book": {
        # Any resident of the day's community (staff live there too).
        "kwargs": {"day_id": "care.CheckupDay"},
        "GET": by_role(OK, anonymous=NOT_FOUND, other_staff=NOT_FOUND),
        "POST": by_role(OK, anonymous=NOT_FOUND, other_staff=NOT_FOUND),
    },
    "care:cancel": {
        "kwargs": {"booking_id": "care.Booking"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, verified=OK),
    },
    "care:staff_days": {"GET": REGISTER, "POST": REGISTER},
    "care:staff_day": {
        "kwargs": {"day_id": "care.CheckupDay"},
        "GET": STAFF_ONLY,
        "POST": STAFF_ONLY,
    },
    "care:mark": {
        "kwargs": {"booking_id": "care.Booking"},
        "GET": NOT_ALLOWED,
        "POST": STAFF_REFUSE_EMPTY,
    },
    "care:notice": {
        "kwargs": {"booking_id": "care.Booking"},
        "GET": NOT_ALLOWED,
        "POST": STAFF_REFUSE_EMPTY,
    },
    "care:help": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "care:help_request": {
        "kwargs": {"request_id": "care.HelpRequest"},
        "GET": PERSON,
        "POST": PERSON,
    },
    "care:help_upload": {
        "kwargs": {"request_id": "care.HelpRequest"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, verified=REFUSED, staff=REFUSED, superuser=REFUSED),
    },
    "care:help_document": {
        "kwargs": {"request_id": "care.HelpRequest", "document_id": "care.HelpDocument"},
        "GET": PERSON,
        "POST": PERSON,
    },
    "care:help_status": {
        "kwargs": {"request_id": "care.HelpRequest"},
        "GET": NOT_ALLOWED,
        "POST": STAFF_REFUSE_EMPTY,
    },
    "care:staff_help": {"GET": REGISTER, "POST": REGISTER},
    "care:staff_file": {"GET": REGISTER, "POST": REGISTER},
}
