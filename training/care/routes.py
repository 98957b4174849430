"""Who may do what on the community services' routes (the vocabulary: ``portal/routes.py``)."""

TODO = "todo"
ROUTES = {
    name: {**({"kwargs": kw} if kw else {}), "GET": TODO, "POST": TODO}
    for name, kw in {
        "care:checkups": None,
        "care:totals": None,
        "care:book": {"day_id": "care.CheckupDay"},
        "care:cancel": {"booking_id": "care.Booking"},
        "care:staff_days": None,
        "care:staff_day": {"day_id": "care.CheckupDay"},
        "care:mark": {"booking_id": "care.Booking"},
        "care:notice": {"booking_id": "care.Booking"},
        "care:help": None,
        "care:help_request": {"request_id": "care.HelpRequest"},
        "care:help_upload": {"request_id": "care.HelpRequest"},
        "care:help_document": {
            "request_id": "care.HelpRequest",
            "document_id": "care.HelpDocument",
        },
        "care:help_status": {"request_id": "care.HelpRequest"},
        "care:staff_help": None,
        "care:staff_file": None,
    }.items()
}
