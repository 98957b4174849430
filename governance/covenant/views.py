"""The covenant's pages and actions: HTTP in and out.

Each view names what it acts on and the permission it needs (``portal.access``); reads
come from ``selectors.py``, writes from ``services.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import acts_on, get_permitted

from . import selectors, services
from .diff import compare, mark_changes
from .forms import AmendmentForm
from .models import Clause, CovenantVersion

_versions = CovenantVersion.objects.select_related("covenant__community")
_clauses = Clause.objects.select_related("covenant__community")


def on_version(perm=None, **kwargs):
    """A view of the version named by ``pk``: readable to the user
    (``covenant.read_covenantversion``), and ``perm`` on it."""
    return acts_on(_versions, perm, **kwargs)


def on_clause(perm=None, **kwargs):
    """A view of the clause named by ``key``: readable to the user (``covenant.view_clause``)."""
    return acts_on(_clauses, perm, lookup="key", **kwargs)


@on_version()
def version_detail(request, version):
    if version.is_in_force:
        return redirect(version.covenant.url)
    context = selectors.version_context(request, version, version.covenant)
    return render(request, "governance/covenant/version_detail.html", context)


def compare_query(request):
    """The "compare two versions" form (works without JavaScript) leads here."""
    try:
        old, new = int(request.GET["old"]), int(request.GET["new"])
    except (KeyError, ValueError):
        raise Http404(_("Choose two versions to compare.")) from None
    if min(old, new) < 0:
        raise Http404(_("Choose two versions to compare."))
    return redirect("covenant:compare", min(old, new), max(old, new))


def compare_versions(request, old, new):
    old_version = get_permitted(request, None, _versions, pk=old)
    new_version = get_permitted(request, None, _versions, pk=new)
    if old_version.covenant_id != new_version.covenant_id:
        raise Http404(_("These versions belong to different covenants."))
    changes = compare(old_version, new_version)
    context = {
        "covenant": new_version.covenant,
        "old": old_version,
        "new": new_version,
        "changes": changes,
        "change_count": sum(change.changed for change in changes),
        "preamble_html": (
            mark_changes(old_version.preamble, new_version.preamble)
            if old_version.preamble != new_version.preamble
            else None
        ),
        "versions": selectors.visible_versions(request.user, new_version.covenant),
        **selectors.adoption_context(request.user, new_version),
    }
    return render(request, "governance/covenant/compare.html", context)


@on_clause()
def clause_detail(request, clause):
    visible = {v.pk: v for v in selectors.visible_versions(request.user, clause.covenant)}
    texts = [t for t in clause.texts.order_by("-version__number") if t.version_id in visible]
    if not texts:
        raise Http404(_("This clause is not public."))
    in_force = clause.covenant.version_in_force
    current = next((t for t in texts if in_force and t.version_id == in_force.pk), texts[0])
    version = visible[current.version_id]
    current = next(row for row in version.rows if row.pk == current.pk)  # numbered
    amendments = [
        amendment
        for amendment in clause.amendments.select_related("matter").order_by("-matter__created_at")
        if request.user.has_perm("governance.view_matter", amendment.matter)
    ]
    context = {
        "covenant": clause.covenant,
        "clause": clause,
        "row": current,
        "version": version,
        "history": selectors.clause_history(request.user, clause),
        "amendments": amendments,
    }
    return render(request, "governance/covenant/clause_detail.html", context)


def _may_not_amend(request, clause):
    messages.error(
        request, _("Only residents of this community can propose changes to a clause in force.")
    )
    return redirect(clause)


@login_required
@on_clause("covenant.amend_clause", refused=_may_not_amend)
def amend(request, clause):
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.propose_amendment(clause, request.user, **form.cleaned_data)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Thank you. Your proposal goes to %(session)s; staff will review it first.")
                % {"session": amendment.matter.session.title},
            )
            return redirect(clause)
    version = clause.covenant.version_in_force
    row = next(r for r in version.rows if r.clause_id == clause.pk)
    context = {
        "covenant": clause.covenant,
        "clause": clause,
        "row": row,
        "form": form,
        "session": services.session_for_amendment(clause.community),
    }
    return render(request, "governance/covenant/amend.html", context)


def _adopted_url(version):
    return f"{version.covenant.url}#adopt"


def _may_not_adopt(request, version):
    messages.error(request, _("Only residents of this community can adopt the covenant in force."))
    return redirect(_adopted_url(version))


@require_POST
@login_required
@on_version("covenant.adopt_covenantversion", refused=_may_not_adopt)
def adopt(request, version):
    services.adopt(version, request.user)
    messages.success(request, _("Thank you for adopting the residents' covenant."))
    return redirect(_adopted_url(version))


@on_version()
def print_version(request, version):
    sheet_url = version.get_absolute_url()
    return render(
        request, "governance/covenant/print.html", {"version": version, "sheet_url": sheet_url}
    )


@on_version("covenant.review_covenantversion")
def consultation(request, version):
    """Staff read a consultation round's comments grouped by clause, with counts."""
    if version.consultation_opens is None:
        raise Http404(_("This version was not open for consultation."))
    groups, total = selectors.consultation_groups(version)
    context = {
        "covenant": version.covenant,
        "version": version,
        "groups": groups,
        "total": total,
    }
    return render(request, "governance/covenant/consultation.html", context)


@require_POST
@on_version("covenant.review_covenantversion")
def start_draft(request, version):
    draft = services.start_next_draft(version)
    messages.success(request, _("A new draft was started from this version. Edit it here."))
    return redirect(reverse("wagtailsnippets_covenant_covenantversion:edit", args=[draft.pk]))
