"""A session's results as downloads: CSV for spreadsheets, JSON for programs.

Totals only, as the results page shows them: never a voter or a choice."""

from portal.exports import csv_response, json_response

from .results import session_results

CSV_HEADER = [
    "matter",
    "title",
    "category",
    "online_for",
    "online_against",
    "online_abstain",
    "in_person_for",
    "in_person_against",
    "in_person_abstain",
    "total_for",
    "total_against",
    "total_abstain",
    "eligible",
    "turnout",
    "share_for",
    "outcome",
]


def results_json(session):
    data = {
        "session": session.title,
        "eligible": session.eligible_voters(),
        "quorum_percent": session.quorum_percent,
        "adoption_percent": session.adoption_percent,
        "matters": [result.as_dict() for result in session_results(session)],
    }
    return json_response(data)


def _csv_row(result):
    d = result.as_dict()
    hands = d["in_person"] or {"for": "", "against": "", "abstain": ""}
    return [
        d["matter"],
        d["title"],
        d["category"],
        *d["online"].values(),
        *hands.values(),
        *d["total"].values(),
        d["eligible"],
        d["turnout"],
        d["share_for"],
        d["outcome"],
    ]


def results_csv(session):
    return csv_response(
        f"session-{session.pk}-results.csv",
        CSV_HEADER,
        (_csv_row(result) for result in session_results(session)),
    )


EXPORTS = {"csv": results_csv, "json": results_json}
