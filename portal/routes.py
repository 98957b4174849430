"""Who may do what on every route: the vocabulary of the role × route table.

Each capability declares the rows of its own routes next to its URLs (``routes.py``,
named by ``Capability.routes``); the portal declares its own below. A row is keyed by the
URL name (``namespace:name``; ``page:<app_label>.<Model>`` for a page type served by
Wagtail) and says, per method, what each role gets::

    "governance:triage": {
        "GET": {"*": 403, "anonymous": LOGIN, "staff": OK, "other_staff": OK, "superuser": OK},
        "POST": NOT_ALLOWED,
    },
    "governance:matter": {"kwargs": {"pk": "governance.Matter"}, "GET": OK, "POST": 405},

- A method's value is one outcome for every role, or a dict by role with ``"*"`` for the
  rest. Outcomes: ``OK`` (a page, or a redirect that is not to a login page),
  ``REFUSED`` (a redirect with a warning or an error message: the view's own refusal),
  ``LOGIN`` (sent to log in), or a status code (403, 404, 405, 400, …; Wagtail's admin
  sends whoever it refuses to its home page, which counts as 403).
- ``kwargs`` names, for each URL parameter, the object it identifies: ``"app_label.Model"``
  (its pk), ``"app_label.Model:field"`` (that field, e.g. a clause's ``key``), or a literal
  without a dot. The test fills it with an object of the first community.

``tests/test_route_matrix.py`` walks the URLconf and fails for a route without a row, then
checks every row against real requests as each role. Roles (``ROLES``): signed out, a
resident (signed in, not verified), a verified resident, an association's leader, community
staff, population-school staff and a superuser, all of one community, and community staff of
another community. Staff and superusers have passed their second factor, and every
signed-in role has just typed its password (so the views behind allauth's re-authentication
are reached). A superuser who signed in with a password only is tried apart: on every staff
path (``YISHI_STAFF_PATHS``) they are sent to the second factor.
"""

OK = "ok"
REFUSED = "refused"
LOGIN = "login"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405

ROLES = (
    "anonymous",
    "resident",
    "verified",
    "leader",
    "staff",
    "school",
    "superuser",
    "other_staff",
)


def expected(rule, role):
    """The outcome a row's method value (``rule``) gives ``role``."""
    if isinstance(rule, dict):
        return rule.get(role, rule.get("*"))
    return rule


def by_role(default, **roles):
    """A method's outcomes: ``default`` for every role but those named."""
    return {"*": default, **roles}


ELSEWHERE = {
    "GET": by_role(FORBIDDEN, anonymous=LOGIN),
    "POST": by_role(FORBIDDEN, anonymous=LOGIN),
}

# The portal's own routes, allauth's, the admin's front doors and the views the portal adds
# there, Wagtail's document and password views. The ``*_authenticate_with_password`` ids
# name no restriction; allauth's keys are made up (a wrong key is a 404).
PORTAL_ROUTES = {
    "account_change_password": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_change_phone": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_confirm_email": {
        "kwargs": {"key": "abc"},
        "GET": OK,
        "POST": NOT_FOUND,
    },
    "account_confirm_login_code": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_confirm_reauthentication_code": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_email": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_email_verification_sent": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "account_inactive": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "account_login": {
        "GET": OK,
        "POST": OK,
    },
    "account_logout": {
        "GET": OK,
        "POST": OK,
    },
    "account_reauthenticate": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_request_login_code": {
        "GET": OK,
        "POST": OK,
    },
    "account_request_reauthentication_code": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_reset_password": {
        "GET": OK,
        "POST": OK,
    },
    "account_reset_password_done": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "account_reset_password_from_key": {
        "kwargs": {"uidb36": "1", "key": "abc"},
        "GET": OK,
        "POST": OK,
    },
    "account_reset_password_from_key_done": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "account_set_password": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "account_signup": {
        "GET": OK,
        "POST": OK,
    },
    "account_verify_phone": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "admin:index": {
        "GET": by_role(LOGIN, superuser=OK),
        "POST": by_role(LOGIN, superuser=OK),
    },
    "admin:login": ELSEWHERE,
    "audit:index": {
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "audit:index_results": {
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "audit:inspect": {
        "kwargs": {"pk": "portal.AuditEntry"},
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
        "POST": by_role(
            LOGIN, staff=NOT_ALLOWED, school=FORBIDDEN, superuser=NOT_ALLOWED, other_staff=FORBIDDEN
        ),
    },
    "comments-post-comment": {
        "GET": NOT_ALLOWED,
        "POST": NOT_FOUND,
    },
    "comments-url-redirect": {
        "kwargs": {
            "_0": "django_comments_xtd.XtdComment:content_type_id",
            "_1": "django_comments_xtd.XtdComment:object_pk",
        },
        "GET": OK,
        "POST": OK,
    },
    "discussion-flag": {
        "kwargs": {"comment_id": "django_comments_xtd.XtdComment"},
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "discussion-follow": {
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN),
    },
    "discussion-like": {
        "kwargs": {"comment_id": "django_comments_xtd.XtdComment"},
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "discussion-moderate": {
        "kwargs": {"comment_id": "django_comments_xtd.XtdComment"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK),
    },
    "discussion-moderation": {
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK),
    },
    "discussion-reply": {
        "kwargs": {"comment_id": "django_comments_xtd.XtdComment"},
        "GET": by_role(OK, anonymous=FORBIDDEN, other_staff=FORBIDDEN),
        "POST": by_role(OK, anonymous=FORBIDDEN, other_staff=FORBIDDEN),
    },
    "javascript-catalog": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "mfa_activate_totp": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "mfa_authenticate": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "mfa_deactivate_totp": {
        "GET": by_role(
            OK, anonymous=LOGIN, resident=NOT_FOUND, verified=NOT_FOUND, leader=NOT_FOUND
        ),
        "POST": by_role(
            OK, anonymous=LOGIN, resident=NOT_FOUND, verified=NOT_FOUND, leader=NOT_FOUND
        ),
    },
    "mfa_download_recovery_codes": {
        "GET": by_role(NOT_FOUND, anonymous=LOGIN),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN),
    },
    "mfa_generate_recovery_codes": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "mfa_index": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(NOT_ALLOWED, anonymous=LOGIN),
    },
    "mfa_reauthenticate": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "mfa_view_recovery_codes": {
        "GET": by_role(NOT_FOUND, anonymous=LOGIN),
        "POST": by_role(NOT_ALLOWED, anonymous=LOGIN),
    },
    "new_password": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "notifications": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "notifications_read": {
        "GET": by_role(NOT_ALLOWED, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "portal_pending_residents": {
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "portal_verify_resident": {
        "kwargs": {"user_id": "portal.User"},
        "GET": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=NOT_ALLOWED,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
        "POST": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=NOT_FOUND),
    },
    "profile": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    # A text's read-aloud audio by its hash: unknown hashes are not found (tests make some).
    "reach:audio": {"kwargs": {"key": "0" * 40}, "GET": NOT_FOUND, "POST": NOT_ALLOWED},
    "search": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "search_suggest": {
        "GET": OK,
        "POST": NOT_ALLOWED,
    },
    "wagtailadmin_home": {
        "GET": by_role(LOGIN, staff=OK, school=OK, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=NOT_ALLOWED,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "wagtailcore_authenticate_with_password": {
        "kwargs": {"page_view_restriction_id": "1", "page_id": "3"},
        "GET": NOT_FOUND,
        "POST": NOT_FOUND,
    },
    "wagtailcore_login": ELSEWHERE,
    "wagtaildocs_authenticate_with_password": {
        "kwargs": {"restriction_id": "1"},
        "GET": NOT_FOUND,
        "POST": NOT_FOUND,
    },
    "wagtaildocs_serve": {
        "kwargs": {"_0": "wagtaildocs.Document", "_1": "wagtaildocs.Document:filename"},
        "GET": OK,
        "POST": OK,
    },
    # Every login form but allauth's only sends there (portal/second_factor.py); someone
    # signed in who is sent to log in may not open the page they came from.
    "<unnamed _util/login/>": ELSEWHERE,
    "<unnamed admin/login/>": ELSEWHERE,
    "delete_account": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "download_my_data": {
        # The verified resident's archive: theirs only.
        "kwargs": {"pk": "portal.PersonalDataExport"},
        "GET": by_role(NOT_FOUND, anonymous=LOGIN, verified=OK),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN, verified=OK),
    },
    "move_request": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "my_data": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "portal_decide_move": {
        # A request to move from the other community into the first.
        "kwargs": {"move_id": "portal.MoveRequest"},
        "GET": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=NOT_ALLOWED,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
        "POST": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=NOT_FOUND),
    },
    "portal_pending_moves": {
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "prepare_my_data": {
        "GET": NOT_ALLOWED,
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "workbench": {
        "GET": by_role(
            OK, anonymous=LOGIN, resident=FORBIDDEN, verified=FORBIDDEN, leader=FORBIDDEN
        ),
        "POST": by_role(
            OK, anonymous=LOGIN, resident=FORBIDDEN, verified=FORBIDDEN, leader=FORBIDDEN
        ),
    },
}
