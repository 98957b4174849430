from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_comments_xtd.models import XtdComment

from portal.discussion.services import comment_counts

from . import services
from .diff import ClauseChange, compare, mark_changes
from .forms import AmendmentForm
from .models import Adoption, Clause, CovenantVersion

_versions = CovenantVersion.objects.select_related("covenant__community")


def _version(request, pk, perm="covenant.read_covenantversion"):
    version = get_object_or_404(_versions, pk=pk)
    if not request.user.has_perm(perm, version):
        raise Http404(_("This version of the covenant is not public."))
    return version


def _visible_versions(request, covenant):
    versions = covenant.versions.order_by("-number")
    if request.user.has_perm("covenant.review_covenantversion", covenant):
        return versions
    return versions.public()


def adoption_context(request, version):
    """How many adopted ``version``, whether this user did, whether they adopted an earlier
    one (and so are asked to read the changes and adopt again), and, for staff, who."""
    user = request.user
    context = {"adoption_count": version.adoptions.count()}
    if user.is_authenticated:
        mine = Adoption.objects.filter(user=user, version__covenant_id=version.covenant_id)
        context["adoption"] = mine.filter(version=version).first()
        if version.is_in_force and context["adoption"] is None:
            earlier = mine.filter(version__number__lt=version.number).select_related("version")
            context["readopt_from"] = getattr(
                earlier.order_by("-version__number").first(), "version", None
            )
    if user.has_perm("covenant.review_covenantversion", version):
        context["adopters"] = version.adoptions.select_related("user").order_by("adopted_at")
    return context


def version_context(request, version, covenant):
    """What the covenant page and any version's page show: the text with comment counts,
    adoption, drafts open for comments and the other versions."""
    versions = list(_visible_versions(request, covenant))
    context = {
        "covenant": covenant,
        "version": version,
        "versions": versions,
        "open_drafts": [v for v in versions if v.status == CovenantVersion.IN_CONSULTATION],
    }
    if version is not None:
        counts = comment_counts([row.clause for row in version.rows])
        for row in version.rows:
            row.comment_count = counts.get(row.clause_id, 0)
        context.update(adoption_context(request, version))
    return context


def version_detail(request, pk):
    version = _version(request, pk)
    if version.is_in_force:
        return redirect(version.covenant.url)
    context = version_context(request, version, version.covenant)
    return render(request, "governance/covenant/version_detail.html", context)


def compare_query(request):
    """The "compare two versions" form (works without JavaScript) leads here."""
    try:
        old, new = int(request.GET["old"]), int(request.GET["new"])
    except (KeyError, ValueError):
        raise Http404(_("Choose two versions to compare.")) from None
    return redirect("covenant:compare", min(old, new), max(old, new))


def compare_versions(request, old, new):
    old_version, new_version = _version(request, old), _version(request, new)
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
        "versions": _visible_versions(request, new_version.covenant),
        **adoption_context(request, new_version),
    }
    return render(request, "governance/covenant/compare.html", context)


def clause_history(request, clause):
    """The clause in every version residents may read, oldest first, with what changed
    and the matters it came from."""
    links = CovenantVersion.carries_out.through.objects.filter(
        matter__covenant_amendment__clause=clause
    ).select_related("matter")
    matters = {
        version_id: [link.matter for link in group]
        for version_id, group in groupby(
            links.order_by("covenantversion_id"), key=lambda link: link.covenantversion_id
        )
    }
    history, previous = [], None
    published = _visible_versions(request, clause.covenant).published().order_by("number")
    for version in published:
        row = next((r for r in version.rows if r.clause_id == clause.pk), None)
        if row is None and previous is None:
            continue
        change = ClauseChange(old=previous, new=row)
        history.append(
            {"version": version, "change": change, "matters": matters.get(version.pk, [])}
        )
        previous = row
        if row is None:
            break
    return history


def clause_detail(request, key):
    clause = get_object_or_404(Clause.objects.select_related("covenant__community"), key=key)
    visible = {v.pk: v for v in _visible_versions(request, clause.covenant)}
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
        "history": clause_history(request, clause),
        "amendments": amendments,
    }
    return render(request, "governance/covenant/clause_detail.html", context)


@login_required
def amend(request, key):
    clause = get_object_or_404(Clause.objects.select_related("covenant__community"), key=key)
    if not request.user.has_perm("covenant.amend_clause", clause):
        messages.error(
            request, _("Only residents of this community can propose changes to a clause in force.")
        )
        return redirect(clause)
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


@require_POST
@login_required
def adopt(request, pk):
    version = get_object_or_404(_versions, pk=pk)
    if not request.user.has_perm("covenant.adopt_covenantversion", version):
        messages.error(
            request, _("Only residents of this community can adopt the covenant in force.")
        )
    else:
        services.adopt(version, request.user)
        messages.success(request, _("Thank you for adopting the residents' covenant."))
    return redirect(f"{version.covenant.url}#adopt")


def print_version(request, pk):
    version = _version(request, pk)
    sheet_url = version.get_absolute_url()
    return render(
        request, "governance/covenant/print.html", {"version": version, "sheet_url": sheet_url}
    )


def consultation(request, pk):
    """Staff read a consultation round's comments grouped by clause, with counts."""
    version = _version(request, pk, perm="covenant.review_covenantversion")
    if version.consultation_opens is None:
        raise Http404(_("This version was not open for consultation."))
    comments = XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Clause),
        object_pk__in=[str(row.clause_id) for row in version.rows],
        submit_date__gte=version.consultation_opens,
        submit_date__lt=version.consultation_closes,
        is_public=True,
        is_removed=False,
    ).order_by("submit_date")
    by_clause = {}
    for comment in comments.select_related("user"):
        by_clause.setdefault(int(comment.object_pk), []).append(comment)
    groups = [(row, by_clause.get(row.clause_id, [])) for row in version.rows]
    groups.sort(key=lambda group: -len(group[1]))
    context = {
        "covenant": version.covenant,
        "version": version,
        "groups": groups,
        "total": sum(len(group) for group in by_clause.values()),
    }
    return render(request, "governance/covenant/consultation.html", context)


@require_POST
def start_draft(request, pk):
    version = _version(request, pk, perm="covenant.review_covenantversion")
    draft = version.start_next_draft()
    messages.success(request, _("A new draft was started from this version. Edit it here."))
    return redirect(reverse("wagtailsnippets_covenant_covenantversion:edit", args=[draft.pk]))
