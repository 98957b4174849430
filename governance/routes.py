"""Who may do what on governance's routes, its admin views on matters and its page types.

The matrix test (tests/test_route_matrix.py) checks each row as every role; what a row
holds is in portal/routes.py. Matters are those of a session in its voting phase:
``governance.Matter`` is accepted (with a photo), ``governance.Matter#new`` waits for
triage, written by the resident.
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

ROUTES = {
    "governance:end_phase": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=REFUSED, superuser=REFUSED),
    },
    "governance:feed_matters": {
        "GET": OK,
        "POST": OK,
    },
    "governance:feed_matters_atom": {
        "GET": OK,
        "POST": OK,
    },
    "governance:feed_results": {
        "GET": OK,
        "POST": OK,
    },
    "governance:feed_results_atom": {
        "GET": OK,
        "POST": OK,
    },
    "governance:follow_up": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, superuser=OK),
    },
    "governance:follow_up_list": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": OK,
        "POST": OK,
    },
    "governance:hands": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK),
    },
    "governance:matter": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": OK,
        "POST": OK,
    },
    "governance:matter_photo": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": OK,
        "POST": OK,
    },
    "governance:my_matters": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "governance:print_matter": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": OK,
        "POST": OK,
    },
    "governance:print_session": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": OK,
        "POST": OK,
    },
    "governance:results": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": OK,
        "POST": OK,
    },
    "governance:results_csv": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": by_role(FORBIDDEN, superuser=OK),
        "POST": by_role(FORBIDDEN, superuser=OK),
    },
    "governance:results_json": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": by_role(FORBIDDEN, superuser=OK),
        "POST": by_role(FORBIDDEN, superuser=OK),
    },
    "governance:submit": {
        "kwargs": {"session_pk": "governance.SessionPage"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, superuser=OK),
    },
    "governance:suggest": {
        "GET": OK,
        "POST": OK,
    },
    "governance:triage": {
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK),
    },
    "governance:triage_matter": {
        "kwargs": {"pk": "governance.Matter#new"},
        "GET": by_role(NOT_FOUND, anonymous=LOGIN, resident=FORBIDDEN, staff=OK, superuser=OK),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN, resident=FORBIDDEN, staff=OK, superuser=OK),
    },
    "governance:vote": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(REFUSED, anonymous=LOGIN),
    },
    "page:governance.SessionIndexPage": {
        "GET": OK,
        "POST": OK,
    },
    "page:governance.SessionPage": {
        "GET": OK,
        "POST": OK,
    },
    "wagtailsnippets_governance_matter:delete": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(
            LOGIN, staff=FORBIDDEN, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN
        ),
        "POST": by_role(
            LOGIN, staff=FORBIDDEN, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN
        ),
    },
    "wagtailsnippets_governance_matter:edit": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
        "POST": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
    },
    "wagtailsnippets_governance_matter:history": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
        "POST": by_role(
            LOGIN, staff=NOT_ALLOWED, school=FORBIDDEN, superuser=NOT_ALLOWED, other_staff=FORBIDDEN
        ),
    },
    "wagtailsnippets_governance_matter:history_results": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
        "POST": by_role(
            LOGIN, staff=NOT_ALLOWED, school=FORBIDDEN, superuser=NOT_ALLOWED, other_staff=FORBIDDEN
        ),
    },
    "wagtailsnippets_governance_matter:usage": {
        "kwargs": {"pk": "governance.Matter"},
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
        "POST": by_role(
            LOGIN, staff=NOT_ALLOWED, school=FORBIDDEN, superuser=NOT_ALLOWED, other_staff=FORBIDDEN
        ),
    },
}
