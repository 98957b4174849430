"""Matters, votes, triage, results and follow-up. Every view asks a permission from rules.py."""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import caching
from portal.charts import BarChart

from . import services
from .forms import (
    EndPhaseForm,
    FollowUpForm,
    HandsForm,
    MatterForm,
    SuggestionForm,
    TriageForm,
    VoteForm,
)
from .models import Matter, PhaseEnding, SessionPage, Tally, Vote
from .results import result_of, session_results

SUGGESTIONS_PER_HOUR = 5


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _session(pk):
    return get_object_or_404(SessionPage.objects.live().select_related("community"), pk=pk)


def _matter(request, pk, related=("session", "community", "author", "covenant_amendment__clause")):
    matter = get_object_or_404(Matter.objects.select_related(*related), pk=pk)
    if not request.user.has_perm("governance.view_matter", matter):
        raise Http404
    return matter


def session_context(request, session):
    """What the session page shows: phases, accepted matters, and totals when they are public."""
    user = request.user
    context = {
        "phase": session.phase(),
        "spans": session.timeline.spans(),
        "matters": session.matters.filter(state=Matter.State.ACCEPTED).order_by("created_at"),
        "end_phase_form": EndPhaseForm(),
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


def results_chart(results):
    return BarChart(
        _("Votes per matter (online and in person)"),
        series=[(c.value, c.label) for c in Vote.Choice],
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


@caching.cache_for_user
def matter_detail(request, pk):
    matter = _matter(request, pk)
    follow_ups = list(matter.follow_ups.all())
    context = {
        "matter": matter,
        "history": matter_history(matter, follow_ups),
        "follow_ups": follow_ups,
    }
    if matter.state == Matter.State.ACCEPTED:
        session = matter.session
        if request.user.has_perm("governance.view_totals_session", session):
            context["result"] = result_of(matter, session.eligible_voters())
        if request.user.has_perm("governance.vote_matter", matter):
            # The voter's own choice, shown only to them, so they can change it.
            own = Vote.objects.filter(matter=matter, voter=request.user).first()
            context["own_vote"] = own
            context["vote_form"] = VoteForm(initial={"choice": own.choice if own else None})
    return render(request, "governance/matter_detail.html", context)


def matter_photo(request, pk):
    """The photo sent with a matter, for those who may see the matter (kept out of /media/)."""
    matter = _matter(request, pk)
    if not matter.photo:
        raise Http404
    response = FileResponse(matter.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def submit_matter(request, session_pk):
    session = _session(session_pk)
    _require(request, "governance.submit_matter", session)
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


def _rate_limited(request):
    """True when this address has already dropped ``SUGGESTIONS_PER_HOUR`` suggestions this hour."""
    key = f"governance:suggest:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, count := 1, timeout=3600)
    return count > SUGGESTIONS_PER_HOUR


def suggestion_box(request):
    _require(request, "governance.suggest_matter")
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(None, _("Too many suggestions from here. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            matter = form.save(commit=False)
            matter.author = request.user if request.user.is_authenticated else None
            matter.save()
            messages.success(
                request, _("Thank you. Your suggestion went into the box; staff will read it.")
            )
            return redirect("governance:suggest")
    return render(request, "governance/suggestion_box.html", {"form": form}, status=status)


@login_required
def my_matters(request):
    matters = request.user.governance_matters.select_related("session", "merged_into")
    return render(request, "governance/my_matters.html", {"matters": matters})


@login_required
def triage_queue(request):
    _require(request, "governance.triage_matters")
    matters = Matter.objects.filter(state=Matter.State.NEW).select_related("community", "session")
    if not request.user.is_superuser:
        matters = matters.filter(community=request.user.community_id)
    return render(
        request, "governance/triage_queue.html", {"matters": matters.order_by("created_at")}
    )


@login_required
def triage_matter(request, pk):
    matter = _matter(request, pk)
    _require(request, "governance.triage_matter", matter)
    form = TriageForm(request.POST or None, matter=matter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == form.ACCEPT:
            services.accept(matter, data["session"])
        elif data["decision"] == form.MERGE:
            services.merge(matter, data["merge_into"])
        else:
            services.decline(matter, data["reason"])
        messages.success(request, _("Saved. The author has been told."))
        return redirect("governance:triage")
    return render(request, "governance/triage_form.html", {"form": form, "matter": matter})


@login_required
@require_POST
def vote(request, pk):
    matter = _matter(request, pk, related=("session", "community"))  # what the rules ask
    if not request.user.has_perm("governance.vote_matter", matter):
        messages.error(request, _("Voting on this matter is not open to you now."))
        return redirect(matter)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose for, against or abstain."))
        return redirect(matter)
    services.cast_vote(matter, request.user, form.cleaned_data["choice"])
    messages.success(request, _("Your vote is saved. You may change it until voting ends."))
    return redirect(matter)


@login_required
def record_hands(request, pk):
    matter = _matter(request, pk)
    _require(request, "governance.count_matter", matter)
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
def follow_up(request, pk):
    matter = _matter(request, pk)
    _require(request, "governance.follow_up_matter", matter)
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
def end_phase(request, session_pk):
    session = _session(session_pk)
    _require(request, "governance.end_phase_session", session)
    form = EndPhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say why the phase ends early."))
        return redirect(session.url)
    phase = session.phase()
    PhaseEnding.objects.get_or_create(
        session=session,
        phase=phase.key,
        defaults={
            "ended_at": timezone.now(),
            "ended_by": request.user,
            "reason": form.cleaned_data["reason"],
        },
    )
    if phase.key == "voting":  # count the eligible voters now, as of the end of voting
        SessionPage.objects.get(pk=session.pk).eligible_voters()
    messages.success(request, _("%(phase)s has ended.") % {"phase": phase.label})
    return redirect(session.url)


def results(request, session_pk, fmt="html"):
    session = _session(session_pk)
    if not request.user.has_perm("governance.view_totals_session", session):
        if fmt != "html":
            raise PermissionDenied
        return render(
            request, "governance/results.html", {"session": session, "phase": session.phase()}
        )
    rows = session_results(session)
    if fmt == "json":
        data = {
            "session": session.title,
            "eligible": session.eligible_voters(),
            "quorum_percent": session.quorum_percent,
            "adoption_percent": session.adoption_percent,
            "matters": [r.as_dict() for r in rows],
        }
        return HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="session-{session.pk}-results.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the Chinese correctly
        writer = csv.writer(response)
        writer.writerow(
            [
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
        )
        for r in rows:
            d = r.as_dict()
            hands = d["in_person"] or {"for": "", "against": "", "abstain": ""}
            writer.writerow(
                [
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
            )
        return response
    return render(
        request,
        "governance/results.html",
        {
            "session": session,
            "phase": session.phase(),
            "results": rows,
            "chart": results_chart(rows),
            "eligible": session.eligible_voters(),
        },
    )


def follow_up_list(request, session_pk):
    session = _session(session_pk)
    matters = (
        session.matters.filter(state=Matter.State.ACCEPTED)
        .prefetch_related("follow_ups")
        .order_by("created_at")
    )
    return render(
        request, "governance/follow_up_list.html", {"session": session, "matters": matters}
    )


def print_session(request, session_pk):
    session = _session(session_pk)
    context = session_context(request, session)
    context.update(session=session, sheet_url=session.url)
    return render(request, "governance/print_session.html", context)


def print_matter(request, pk):
    matter = _matter(request, pk)
    return render(
        request,
        "governance/print_matter.html",
        {"matter": matter, "sheet_url": matter.get_absolute_url()},
    )
