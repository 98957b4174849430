"""What governance pages show: reads only, for the views and the page models (through
``portal.page_context``). Writes are in ``services.py``."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import page_context
from portal.boundary import lives_in_community_of, near
from portal.capabilities import NowItem, WorkItem
from portal.charts import BarChart

from . import services
from .forms import EndPhaseForm
from .models import Ballot, Matter, SessionPage
from .results import session_results


@page_context.provides(SessionPage)
def session_context(request, session):
    """What the session page shows: phases, accepted matters, and totals when they are public."""
    user = request.user
    context = {
        "phase": session.phase(),
        "spans": session.timeline.spans(),
        "matters": accepted_matters(session),
        "end_phase_form": EndPhaseForm(),
        "eligibility_rule": services.ELIGIBILITY_RULE,
    }
    if user.has_perm("governance.view_totals_session", session):
        results = session_results(session)
        context["results"] = results
        context["chart"] = results_chart(results)
    if user.is_authenticated:
        context["my_matter_count"] = count = session.matters.filter(author=user).count()
        if count >= session.matter_limit:  # say so before they write another one
            context["matter_limit_message"] = services.limit_message(session)
    return context


def accepted_matters(session):
    """The session's accepted matters, in the order they were submitted."""
    return session.matters.filter(state=Matter.State.ACCEPTED).order_by("created_at")


def results_chart(results):
    return BarChart(
        _("Votes per matter (online and in person)"),
        series=[(c.value, c.label) for c in Ballot.Choice],
        rows=[
            (
                r.matter.title,
                {"for": r.total.yes, "against": r.total.no, "abstain": r.total.abstain},
            )
            for r in results
        ],
    )


def matter_history(matter, follow_ups):
    """Dated steps of a matter, oldest first, only those that have happened."""
    now = timezone.now()
    steps = [(_("Submitted"), matter.created_at)]
    if matter.triaged_at:
        steps.append((matter.get_state_display(), matter.triaged_at))
    if matter.state == Matter.State.ACCEPTED:
        spans = {span.phase.key: span for span in matter.session.timeline.spans()}
        for key, label in (
            ("discussion", _("Discussion opened")),
            ("voting", _("Voting opened")),
            ("results", _("Decided")),
        ):
            if spans[key].starts <= now:
                steps.append((label, spans[key].starts))
    steps += [(f.get_status_display(), f.created_at) for f in follow_ups]
    return sorted(steps, key=lambda step: step[1])


def triage_queue(user):
    """Matters waiting for triage that ``user`` may triage: their own community's."""
    return (
        Matter.objects.within(user)
        .filter(state=Matter.State.NEW)
        .select_related("community", "session")
        .order_by("created_at")
    )


def follow_up_matters(session):
    return accepted_matters(session).prefetch_related("follow_ups")


# "Now": what a resident can do today (the home page and the session index) ---------------

# Results stay "just published" this long after voting ends.
RECENT_RESULTS = timedelta(days=30)


def _day(moment):
    return date_format(timezone.localtime(moment), "Y-m-d")


def current_sessions(user, now=None):
    """Live sessions under way or with fresh results: the person's own community's when they
    have one, every community's otherwise (an anonymous reader). Two queries."""
    now = now or timezone.now()
    return list(
        near(SessionPage.objects.live(), user)
        .filter(collecting_starts__lte=now, voting_ends__gte=now - RECENT_RESULTS)
        .annotate(accepted_count=Count("matters", filter=Q(matters__state=Matter.State.ACCEPTED)))
        .prefetch_related("phase_endings")
        .order_by("collecting_starts")
    )


def now_items(request):
    """The sessions' items for ``portal.capabilities.now_items``: collecting matters (with
    a link to submit), discussion and voting open (with the number of matters), results just
    published."""
    now = timezone.now()
    items = []
    for session in current_sessions(request.user, now):
        spans = {span.phase.key: span for span in session.timeline.spans()}
        phase = session.phase(now)
        url = session.get_url(request)
        count = session.accepted_count
        if phase.key == "collecting":
            items.append(
                NowItem(
                    _("%(session)s is collecting matters") % {"session": session.title},
                    _("Until %(date)s") % {"date": _day(spans["collecting"].ends)},
                    reverse("governance:submit", args=[session.pk]),
                    _("Submit a matter"),
                    order=10,
                    kind="collecting",
                )
            )
        elif phase.key == "discussion":
            items.append(
                NowItem(
                    ngettext(
                        "%(session)s: %(count)d matter open for discussion",
                        "%(session)s: %(count)d matters open for discussion",
                        count,
                    )
                    % {"session": session.title, "count": count},
                    _("Voting starts %(date)s") % {"date": _day(spans["discussion"].ends)},
                    url,
                    _("Join the discussion"),
                    order=12,
                    kind="discussion",
                )
            )
        elif phase.key == "voting":
            items.append(
                NowItem(
                    ngettext(
                        "Voting is open on %(count)d matter of %(session)s",
                        "Voting is open on %(count)d matters of %(session)s",
                        count,
                    )
                    % {"session": session.title, "count": count},
                    _("Until %(date)s") % {"date": _day(spans["voting"].ends)},
                    url,
                    _("See the matters and vote"),
                    order=11,
                    kind="voting",
                )
            )
        elif phase.key in ("results", "follow_up"):
            items.append(
                NowItem(
                    _("The results of %(session)s are published") % {"session": session.title},
                    _("Voting ended %(date)s") % {"date": _day(spans["voting"].ends)},
                    reverse("governance:results", args=[session.pk]),
                    _("See the results"),
                    order=13,
                    kind="results",
                )
            )
    return items


def now_clock_change(now):
    """When results stop being "just published" (for the page cache: ``clock_changes``)."""
    from django.db.models import Min

    first = (
        SessionPage.objects.live()
        .filter(voting_ends__gt=now - RECENT_RESULTS)
        .aggregate(first=Min("voting_ends"))["first"]
    )
    return first + RECENT_RESULTS if first is not None else None


def ballot_notice(user, matter):
    """Why there is no ballot on a matter while voting is open, and what to do: for an
    anonymous reader, for a resident not yet verified, for a resident of another community.
    None when there is a ballot or voting is not open."""
    if matter.state != Matter.State.ACCEPTED or matter.session is None:
        return None
    session = matter.session
    if session.phase().key != "voting" or user.has_perm("governance.vote_matter", matter):
        return None
    until = next(s.ends for s in session.timeline.spans() if s.phase.key == "voting")
    context = {"date": _day(until), "community": matter.community.name}
    if not user.is_authenticated:
        kind = "anonymous"
        text = _(
            "Voting is open until %(date)s. Verified residents of %(community)s can vote "
            "online: log in or sign up, then ask the community staff to verify that you "
            "live here."
        )
    elif lives_in_community_of(user, matter) and user.verified_at is None:
        kind = "unverified"
        text = _(
            "Voting is open until %(date)s, but you cannot vote online yet: only verified "
            "residents can, so that each resident votes once. Ask the staff of "
            "%(community)s to verify you (bring something that shows you live here), or "
            "vote by show of hands at the meeting."
        )
    else:
        kind = "elsewhere"
        text = _(
            "Voting is open until %(date)s for the residents of %(community)s. You live in "
            "another community, so there is no ballot for you here."
        )
    return {"kind": kind, "text": text % context}


# The staff workbench (``portal.capabilities.workbench_items``) ------------------------------

# A phase ending within this long is "ending soon".
ENDING_SOON = timedelta(days=7)


def _per_community(queryset):
    """``{community name: count}`` of ``queryset`` (one query)."""
    rows = queryset.values("community__name").annotate(n=Count("pk")).order_by("community__name")
    return {row["community__name"]: row["n"] for row in rows}


def workbench_items(user):
    """What waits for community staff in sessions: suggestions and matters to triage, per
    community (through the community boundary), and session phases ending within a week."""
    if not user.has_perm("governance.triage_matters"):
        return []
    triage = reverse("governance:triage")
    waiting = Matter.objects.within(user).filter(state=Matter.State.NEW)
    items = [
        WorkItem(_("Suggestions to triage"), n, triage, order=10, community=name)
        for name, n in _per_community(waiting.filter(from_suggestion_box=True)).items()
    ]
    items += [
        WorkItem(_("Matters to triage"), n, triage, order=11, community=name)
        for name, n in _per_community(waiting.filter(from_suggestion_box=False)).items()
    ]
    now = timezone.now()
    sessions = (
        SessionPage.objects.live()
        .within(user)
        .filter(collecting_starts__lte=now + ENDING_SOON, follow_up_starts__gt=now)
        .select_related("community")
        .prefetch_related("phase_endings")
    )
    for session in sessions:
        for span in session.timeline.spans():
            if span.ends is not None and now <= span.ends <= now + ENDING_SOON:
                if span.starts is not None and span.starts > now:
                    continue  # not begun yet: its start is what staff prepare for
                label = _("%(phase)s of %(session)s ends %(date)s") % {
                    "phase": span.phase.label,
                    "session": session.title,
                    "date": _day(span.ends),
                }
                items.append(
                    WorkItem(label, 1, session.url, order=20, community=session.community.name)
                )
    return items
