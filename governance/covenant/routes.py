"""Who may do what on the covenant's routes and page (see portal/routes.py). The version
is in force, with one clause; no consultation is open.
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

ROUTES = {
    "covenant:adopt": {
        "kwargs": {"pk": "covenant.CovenantVersion"},
        "GET": NOT_ALLOWED,
        "POST": by_role(OK, anonymous=LOGIN, other_staff=REFUSED),
    },
    "covenant:amend": {
        "kwargs": {"key": "covenant.Clause:key"},
        "GET": by_role(OK, anonymous=LOGIN, other_staff=REFUSED),
        "POST": by_role(OK, anonymous=LOGIN, other_staff=REFUSED),
    },
    "covenant:clause": {
        "kwargs": {"key": "covenant.Clause:key"},
        "GET": OK,
        "POST": OK,
    },
    "covenant:compare": {
        "kwargs": {"old": "covenant.CovenantVersion", "new": "covenant.CovenantVersion"},
        "GET": OK,
        "POST": OK,
    },
    "covenant:compare_query": {
        "GET": NOT_FOUND,
        "POST": NOT_FOUND,
    },
    "covenant:consultation": {
        "kwargs": {"pk": "covenant.CovenantVersion"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, staff=NOT_FOUND, superuser=NOT_FOUND),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=NOT_FOUND, superuser=NOT_FOUND),
    },
    "covenant:print": {
        "kwargs": {"pk": "covenant.CovenantVersion"},
        "GET": OK,
        "POST": OK,
    },
    "covenant:start_draft": {
        "kwargs": {"pk": "covenant.CovenantVersion"},
        "GET": NOT_ALLOWED,
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK),
    },
    "covenant:version": {
        "kwargs": {"pk": "covenant.CovenantVersion"},
        "GET": OK,
        "POST": OK,
    },
    "page:covenant.CovenantPage": {
        "GET": OK,
        "POST": OK,
    },
}
