"""Who may do what on the community services' routes (see portal/routes.py).

The world (``tests/routes.py``, its care block): in community one, an upcoming check-up
day where the verified resident booked a place, and their request for help with one
document; the verified resident gave both sensitive consents, nobody else did. Whoever
has not consented is sent to the consent page, a redirect without a warning (``OK`` here;
``tests/training/care/test_routes.py`` tells the consent page from the page itself).
Bookings, days and requests are looked up within the person's own community, or among
their own, and hidden (404) from everyone else, the signed-out visitor included.
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

# Lists for the staff of any community (each sees their own community's rows).
STAFF_LIST = by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK)
# The day's own community's staff.
THE_DAYS_STAFF = by_role(NOT_FOUND, staff=OK, superuser=OK)
# The request's person and their community's staff.
THE_REQUESTS_PEOPLE = by_role(NOT_FOUND, verified=OK, staff=OK, superuser=OK)

ROUTES = {
    "care:checkups": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "care:totals": {"GET": OK, "POST": OK},
    # Any resident of the day's community (staff live there too), after the consent.
    "care:book": {
        "kwargs": {"day_id": "care.CheckupDay"},
        "GET": by_role(OK, anonymous=NOT_FOUND, other_staff=NOT_FOUND),
        "POST": by_role(OK, anonymous=NOT_FOUND, other_staff=NOT_FOUND),
    },
    "care:cancel": {
        "kwargs": {"booking_id": "care.Booking"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, verified=OK),
    },
    "care:staff_days": {"GET": STAFF_LIST, "POST": STAFF_LIST},
    "care:staff_day": {
        "kwargs": {"day_id": "care.CheckupDay"},
        "GET": THE_DAYS_STAFF,
        "POST": THE_DAYS_STAFF,
    },
    # An empty form: refused with a message, nothing recorded.
    "care:mark": {
        "kwargs": {"booking_id": "care.Booking"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, staff=REFUSED, superuser=REFUSED),
    },
    "care:notice": {
        "kwargs": {"booking_id": "care.Booking"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, staff=REFUSED, superuser=REFUSED),
    },
    "care:help": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "care:help_request": {
        "kwargs": {"request_id": "care.HelpRequest"},
        "GET": THE_REQUESTS_PEOPLE,
        "POST": THE_REQUESTS_PEOPLE,
    },
    # No file sent: refused with a message.
    "care:help_upload": {
        "kwargs": {"request_id": "care.HelpRequest"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, verified=REFUSED, staff=REFUSED, superuser=REFUSED),
    },
    "care:help_document": {
        "kwargs": {"request_id": "care.HelpRequest", "document_id": "care.HelpDocument"},
        "GET": THE_REQUESTS_PEOPLE,
        "POST": THE_REQUESTS_PEOPLE,
    },
    # No status chosen: refused with a message.
    "care:help_status": {
        "kwargs": {"request_id": "care.HelpRequest"},
        "GET": NOT_ALLOWED,
        "POST": by_role(NOT_FOUND, staff=REFUSED, superuser=REFUSED),
    },
    "care:staff_help": {"GET": STAFF_LIST, "POST": STAFF_LIST},
    "care:staff_file": {"GET": STAFF_LIST, "POST": STAFF_LIST},
}
