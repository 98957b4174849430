"""Matters, votes, triage, results and follow-up: HTTP in and out.

Each view names what it acts on and the permission it needs (``portal.access``); reads
come from ``selectors.py``, writes from ``services.py``, downloads from ``exports.py``."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit, caching, limits, uploads
from portal.access import acts_on, requires
from portal.client_ip import client_ip

from . import exports, phases, selectors, services
from .forms import (
    EndPhaseForm,
    FollowUpForm,
    HandsForm,
    MatterForm,
    SuggestionForm,
    TriageForm,
    VoteForm,
)
from .models import Ballot, Matter, SessionPage, Tally
from .results import result_of, session_results

# Suggestions accepted per browser, and per client address (a dormitory's Wi-Fi, a carrier's NAT).
SUGGESTIONS_PER_BROWSER = limits.Rate(5, 3600)
SUGGESTIONS_PER_ADDRESS = limits.Rate(30, 3600)


def _sessions(request):
    return SessionPage.objects.live().select_related("community")


def _matters(request):
    return Matter.objects.select_related(
        "session", "community", "author", "covenant_amendment__clause"
    )


def on_matter(perm="governance.view_matter", **kwargs):
    """A view of the matter named by ``pk``: readable to the user (``governance.view_matter``),
    and ``perm`` on it."""
    return acts_on(_matters, perm, **kwargs)


def on_session(perm=None, **kwargs):
    """A view of the live session named by ``session_pk``, and ``perm`` on it."""
    return acts_on(_sessions, perm, url_kwarg="session_pk", **kwargs)


@caching.cache_for_user
@on_matter()
def matter_detail(request, matter):
    follow_ups = list(matter.follow_ups.all())
    context = {
        "matter": matter,
        "history": selectors.matter_history(matter, follow_ups),
        "follow_ups": follow_ups,
    }
    if matter.state == Matter.State.ACCEPTED:
        session = matter.session
        if request.user.has_perm("governance.view_totals_session", session):
            context["result"] = result_of(matter, session.eligible_voters())
        if request.user.has_perm("governance.vote_matter", matter):
            # The voter's own choice, shown only to them, so they can change it.
            own = Ballot.objects.of(request.user, matter)
            context["own_vote"] = own
            context["vote_form"] = VoteForm(initial={"choice": own.choice if own else None})
        else:
            context["ballot_notice"] = selectors.ballot_notice(request.user, matter)
    return render(request, "governance/matter_detail.html", context)


@on_matter()
def matter_photo(request, matter):
    """The photo sent with a matter, for those who may see the matter (kept out of /media/)."""
    if not matter.photo:
        raise Http404
    return uploads.file_response(matter.photo)


@login_required
@on_session("governance.submit_matter")
def submit_matter(request, session):
    form = MatterForm(
        request.POST or None, request.FILES or None, session=session, author=request.user
    )
    if request.method == "GET" and (
        session.matters.filter(author=request.user).count() >= session.matter_limit
    ):
        # At the limit: say so now rather than after the matter is written.
        context = {"session": session, "limit_message": services.limit_message(session)}
        return render(request, "governance/matter_form.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.submit_matter(form)
        except services.MatterLimitReached as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Thank you. Staff will read your matter and tell you what happens.")
            )
            return redirect(matter)
    return render(request, "governance/matter_form.html", {"form": form, "session": session})


def _suggestion_limits(request):
    """This browser's suggestions (without its cookie: those from its address that came without
    one), and its address's, as a back-stop high enough for a shared Wi-Fi."""
    address = limits.address_key(client_ip(request))
    token = limits.browser_token(request)
    return [
        limits.Counter("suggest", token or f"address:{address}", SUGGESTIONS_PER_BROWSER),
        limits.Counter("suggest-address", address, SUGGESTIONS_PER_ADDRESS),
    ]


@requires("governance.suggest_matter")
def suggestion_box(request):
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        counters = _suggestion_limits(request)
        if any(counter.exceeded() for counter in counters):
            form.add_error(None, _("Too many suggestions from here. Please try again in an hour."))
            status = 429
        else:
            author = request.user if request.user.is_authenticated else None
            services.drop_suggestion(form, author)
            for counter in counters:  # only suggestions that went into the box count
                counter.count()
            messages.success(
                request, _("Thank you. Your suggestion went into the box; staff will read it.")
            )
            return redirect("governance:suggest")
    response = render(request, "governance/suggestion_box.html", {"form": form}, status=status)
    return limits.remember_browser(request, response)


@login_required
def my_matters(request):
    matters = request.user.governance_matters.select_related("session", "merged_into")
    return render(request, "governance/my_matters.html", {"matters": matters})


@login_required
@requires("governance.triage_matters")
def triage_queue(request):
    matters = selectors.triage_queue(request.user)
    return render(request, "governance/triage_queue.html", {"matters": matters})


@login_required
@on_matter("governance.triage_matter")
def triage_matter(request, matter):
    form = TriageForm(request.POST or None, matter=matter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == form.ACCEPT:
            services.accept(matter, data["session"], by=request.user)
        elif data["decision"] == form.MERGE:
            services.merge(matter, data["merge_into"], by=request.user)
        else:
            services.decline(matter, data["reason"], by=request.user)
        messages.success(request, _("Saved. The author has been told."))
        return redirect("governance:triage")
    return render(request, "governance/triage_form.html", {"form": form, "matter": matter})


def _voting_not_open(request, matter):
    problem = services.voting_eligibility(request.user, matter)
    if problem is not None and matter.allows(phases.VOTE):
        messages.error(request, problem)  # open, but not to them: say why
    else:
        messages.error(request, _("Voting on this matter is not open to you now."))
    return redirect(matter)


@login_required
@require_POST
@acts_on(  # loads only what the voting rules ask (session and community)
    Matter.objects.select_related("session", "community"),
    "governance.vote_matter",
    refused=_voting_not_open,
)
def vote(request, matter):
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose for, against or abstain."))
        return redirect(matter)
    try:
        services.cast_vote(matter, request.user, form.cleaned_data["choice"])
    except services.NotEligible as refusal:
        messages.error(request, str(refusal))
        return redirect(matter)
    except services.BallotUnavailable:
        messages.error(
            request,
            _("Your earlier vote on this matter is counted, but it can no longer be changed."),
        )
        return redirect(matter)
    messages.success(request, _("Your vote is saved. You may change it until voting ends."))
    return redirect(matter)


@login_required
@on_matter("governance.count_matter")
def record_hands(request, matter):
    tally, _created = Tally.objects.get_or_create(matter=matter)
    form = HandsForm(request.POST or None, instance=tally)
    if request.method == "POST" and form.is_valid():
        services.record_hands(form.save(commit=False), request.user)
        messages.success(request, _("The in-person counts are saved."))
        return redirect(matter)
    return render(
        request,
        "governance/staff_form.html",
        {"form": form, "matter": matter, "heading": _("Show of hands at the meeting")},
    )


@login_required
@on_matter("governance.follow_up_matter")
def follow_up(request, matter):
    form = FollowUpForm(request.POST or None, initial={"response": matter.response})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_follow_up(matter, request.user, data["status"], data["note"], data["response"])
        messages.success(request, _("The follow-up is published."))
        return redirect(matter)
    return render(
        request,
        "governance/staff_form.html",
        {"form": form, "matter": matter, "heading": _("Official response and follow-up")},
    )


@login_required
@require_POST
@on_session("governance.end_phase_session")
def end_phase(request, session):
    form = EndPhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say why the phase ends early."))
        return redirect(session.url)
    phase = services.end_phase(session, request.user, form.cleaned_data["reason"])
    messages.success(request, _("%(phase)s has ended.") % {"phase": phase.label})
    return redirect(session.url)


@on_session()
def results(request, session):
    context = {"session": session, "phase": session.phase()}
    if request.user.has_perm("governance.view_totals_session", session):
        rows = session_results(session)
        context.update(
            results=rows,
            chart=selectors.results_chart(rows),
            eligible=session.eligible_voters(),
        )
    return render(request, "governance/results.html", context)


def _totals_not_public(request, session):
    raise PermissionDenied  # not yet, for anyone: signing in would change nothing


@on_session("governance.view_totals_session", refused=_totals_not_public)
def results_export(request, session, fmt):
    if rules.test_rule("portal.is_staff", request.user):
        audit.record(request, audit.Action.EXPORT_RESULTS, session, format=fmt)
    return exports.EXPORTS[fmt](session)


@on_session()
def follow_up_list(request, session):
    matters = selectors.follow_up_matters(session)
    return render(
        request, "governance/follow_up_list.html", {"session": session, "matters": matters}
    )


@on_session()
def print_session(request, session):
    context = selectors.session_context(request, session)
    context.update(session=session, sheet_url=session.url)
    return render(request, "governance/print_session.html", context)


@on_matter()
def print_matter(request, matter):
    return render(
        request,
        "governance/print_matter.html",
        {"matter": matter, "sheet_url": matter.get_absolute_url()},
    )
