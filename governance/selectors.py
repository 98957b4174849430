"""What governance pages show: reads only, for the views and the page models (through
``portal.page_context``). Writes are in ``services.py``."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal import page_context
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
