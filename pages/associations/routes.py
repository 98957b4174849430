"""Who may do what on the associations' routes, admin views and pages (see
portal/routes.py). The association is the leader's; the membership is the verified
resident's request to join; the minutes are members-only, with a photo.
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, OK, REFUSED, by_role

ROUTES = {
    "associations:association_edit": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:association_feed_atom": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": OK,
        "POST": OK,
    },
    "associations:association_feed_rss": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": OK,
        "POST": OK,
    },
    "associations:decide": {
        "kwargs": {"pk": "associations.Membership"},
        "GET": NOT_ALLOWED,
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:feed_atom": {
        "GET": OK,
        "POST": OK,
    },
    "associations:feed_rss": {
        "GET": OK,
        "POST": OK,
    },
    "associations:join": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": NOT_ALLOWED,
        "POST": by_role(
            OK, anonymous=LOGIN, verified=FORBIDDEN, leader=FORBIDDEN, other_staff=FORBIDDEN
        ),
    },
    "associations:leave": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": NOT_ALLOWED,
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, verified=OK, leader=OK, superuser=OK),
    },
    "associations:meeting_add": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:meeting_delete": {
        "kwargs": {"pk": "associations.Meeting"},
        "GET": NOT_ALLOWED,
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:members": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:minutes": {
        "kwargs": {"pk": "associations.Minutes"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:minutes_create": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=400, staff=400, superuser=400),
    },
    "associations:minutes_delete": {
        "kwargs": {"pk": "associations.Minutes"},
        "GET": NOT_ALLOWED,
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, superuser=OK),
    },
    "associations:minutes_edit": {
        "kwargs": {"pk": "associations.Minutes"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=400, staff=400, superuser=400),
    },
    "associations:minutes_file": {
        "kwargs": {"pk": "associations.Minutes", "file_pk": "associations.Attachment"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:minutes_history": {
        "kwargs": {"pk": "associations.Minutes"},
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, leader=OK, staff=OK, superuser=OK),
    },
    "associations:minutes_list": {
        "kwargs": {"pk": "associations.AssociationPage"},
        "GET": OK,
        "POST": OK,
    },
    "associations:set_role": {
        "kwargs": {"pk": "associations.Membership"},
        "GET": NOT_ALLOWED,
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, staff=REFUSED, superuser=REFUSED),
    },
    "minutes:index": {
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "minutes:index_results": {
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=OK),
        "POST": by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=NOT_ALLOWED,
        ),
    },
    "minutes:inspect": {
        "kwargs": {"pk": "associations.Minutes"},
        "GET": by_role(LOGIN, staff=OK, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN),
        "POST": by_role(
            LOGIN, staff=NOT_ALLOWED, school=FORBIDDEN, superuser=NOT_ALLOWED, other_staff=FORBIDDEN
        ),
    },
    "page:associations.AssociationIndexPage": {
        "GET": OK,
        "POST": OK,
    },
    "page:associations.AssociationPage": {
        "GET": OK,
        "POST": OK,
    },
}
