"""Who may do what on the units' routes (the vocabulary: ``portal/routes.py``).

In the world (``tests/routes.py``) the association leader leads the landlord's unit: its
agreement (signed, in force, a photo of the sheet kept), that agreement's draft renewal, the
meeting and the notice concern that unit; the workers' agreement is a building site's.

A unit, a meeting, a notice and an agreement's staff pages are for the community's staff
and the unit's contacts; anyone else, another community's staff included, gets the 404 of a
missing id. A signed agreement's summary (and its printable sheet) is public: its printed QR
code leads there. Any resident of the community may sign a workers' agreement in force.
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

# The community's staff and superusers; another community's staff get the same as anyone.
STAFF_ONLY = by_role(NOT_FOUND, staff=OK, superuser=OK)
# Staff and superusers, and the unit's lead.
UNIT = by_role(NOT_FOUND, leader=OK, staff=OK, superuser=OK)
# Staff pages of their own community's register: every community's staff has one.
REGISTER = by_role(FORBIDDEN, anonymous=LOGIN, staff=OK, superuser=OK, other_staff=OK)
POST_ONLY = NOT_ALLOWED


def _snippet(delete=False, listing=False):
    """Wagtail's snippet views of agreements and their templates, made permission-aware:
    staff of the object's community (deleting: superusers only)."""
    staff = FORBIDDEN if delete else OK
    allowed = by_role(LOGIN, staff=staff, school=FORBIDDEN, superuser=OK, other_staff=FORBIDDEN)
    post = allowed
    if listing:
        post = by_role(
            LOGIN,
            staff=NOT_ALLOWED,
            school=FORBIDDEN,
            superuser=NOT_ALLOWED,
            other_staff=FORBIDDEN,
        )
    return {"GET": allowed, "POST": post}


ROUTES = {
    "units:index": {
        # Staff: the register; a lead: their unit; anyone else: an empty list of their units.
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "units:unit_create": {"GET": REGISTER, "POST": REGISTER},
    "units:unit": {"kwargs": {"pk": "units.Unit"}, "GET": UNIT, "POST": UNIT},
    "units:unit_edit": {
        "kwargs": {"pk": "units.Unit"},
        "GET": by_role(NOT_FOUND, leader=FORBIDDEN, staff=OK, superuser=OK),
        "POST": by_role(NOT_FOUND, leader=FORBIDDEN, staff=OK, superuser=OK),
    },
    "units:unit_contacts": {"kwargs": {"pk": "units.Unit"}, "GET": UNIT, "POST": UNIT},
    "units:agreements": {"GET": REGISTER, "POST": REGISTER},
    "units:agreement": {"kwargs": {"pk": "units.Agreement"}, "GET": OK, "POST": OK},
    "units:agreement_print": {"kwargs": {"pk": "units.Agreement"}, "GET": OK, "POST": OK},
    "units:agreement_sign": {
        "kwargs": {"pk": "units.Agreement#workers"},
        "GET": POST_ONLY,
        "POST": by_role(OK, anonymous=LOGIN, other_staff=REFUSED),
    },
    "units:agreement_signed": {
        "kwargs": {"pk": "units.Agreement"},
        "GET": STAFF_ONLY,
        "POST": STAFF_ONLY,
    },
    "units:signed_photo": {"kwargs": {"pk": "units.Agreement"}, "GET": UNIT, "POST": UNIT},
    "units:signatures": {
        "kwargs": {"pk": "units.Agreement#workers"},
        "GET": STAFF_ONLY,
        "POST": STAFF_ONLY,
    },
    "units:agreement_renew": {
        # An empty form: the dates are asked for again.
        "kwargs": {"pk": "units.Agreement"},
        "GET": POST_ONLY,
        "POST": by_role(NOT_FOUND, staff=REFUSED, superuser=REFUSED),
    },
    "units:agreement_end": {
        "kwargs": {"pk": "units.Agreement"},
        "GET": POST_ONLY,
        "POST": STAFF_ONLY,
    },
    "units:agreement_compare": {
        # A draft renewal: for the community's staff and the unit's contacts.
        "kwargs": {"pk": "units.Agreement#renewal"},
        "GET": UNIT,
        "POST": UNIT,
    },
    "units:meetings": {"GET": REGISTER, "POST": REGISTER},
    "units:meeting_create": {"GET": REGISTER, "POST": REGISTER},
    "units:meeting": {"kwargs": {"pk": "units.JointMeeting"}, "GET": UNIT, "POST": UNIT},
    "units:meeting_edit": {
        "kwargs": {"pk": "units.JointMeeting"},
        "GET": by_role(NOT_FOUND, leader=FORBIDDEN, staff=OK, superuser=OK),
        "POST": by_role(NOT_FOUND, leader=FORBIDDEN, staff=OK, superuser=OK),
    },
    "units:follow_up_done": {
        # A follow-up has no page of its own: residents of the community are refused.
        "kwargs": {"pk": "units.FollowUp"},
        "GET": POST_ONLY,
        "POST": by_role(
            FORBIDDEN, anonymous=NOT_FOUND, staff=OK, superuser=OK, other_staff=NOT_FOUND
        ),
    },
    "units:notice_create": {"GET": REGISTER, "POST": REGISTER},
    "units:notice": {"kwargs": {"pk": "units.UnitNotice"}, "GET": UNIT, "POST": UNIT},
    **{
        f"wagtailsnippets_units_{model}:{view}": {
            "kwargs": {"pk": f"units.{label}"},
            **_snippet(delete=view == "delete", listing=view not in ("delete", "edit")),
        }
        for model, label in (("agreement", "Agreement"), ("agreementtemplate", "AgreementTemplate"))
        for view in ("delete", "edit", "history", "history_results", "usage")
    },
}
