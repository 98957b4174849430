"""Who may do what on the units' routes (the vocabulary: ``portal/routes.py``)."""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

TODO = "todo"
ROUTES = {
    name: {**({"kwargs": kw} if kw else {}), "GET": TODO, "POST": TODO}
    for name, kw in {
        "units:index": None,
        "units:unit_create": None,
        "units:unit": {"pk": "units.Unit"},
        "units:unit_edit": {"pk": "units.Unit"},
        "units:unit_contacts": {"pk": "units.Unit"},
        "units:agreements": None,
        "units:agreement": {"pk": "units.Agreement"},
        "units:agreement_print": {"pk": "units.Agreement"},
        "units:agreement_sign": {"pk": "units.Agreement#workers"},
        "units:agreement_signed": {"pk": "units.Agreement"},
        "units:signed_photo": {"pk": "units.Agreement"},
        "units:signatures": {"pk": "units.Agreement#workers"},
        "units:agreement_renew": {"pk": "units.Agreement"},
        "units:agreement_end": {"pk": "units.Agreement"},
        "units:agreement_compare": {"pk": "units.Agreement"},
        "units:meetings": None,
        "units:meeting_create": None,
        "units:meeting": {"pk": "units.JointMeeting"},
        "units:meeting_edit": {"pk": "units.JointMeeting"},
        "units:follow_up_done": {"pk": "units.FollowUp"},
        "units:notice_create": None,
        "units:notice": {"pk": "units.UnitNotice"},
        **{
            f"wagtailsnippets_units_{model}:{view}": {"pk": f"units.{label}"}
            for model, label in (("agreement", "Agreement"), ("agreementtemplate", "AgreementTemplate"))
            for view in ("delete", "edit", "history", "history_results", "usage")
        },
    }.items()
}
