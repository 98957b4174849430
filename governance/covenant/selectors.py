"""What covenant pages show: reads only, for the views and the covenant page (through
``portal.page_context``). Writes are in ``services.py``."""

from datetime import timedelta
from itertools import groupby

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import page_context
from portal.boundary import near
from portal.capabilities import NowItem, WorkItem
from portal.discussion.services import comment_counts, comments_on
from portal.rules import is_community_staff

from .diff import ClauseChange
from .models import Adoption, CovenantPage, CovenantVersion

# A consultation closing within this long is "ending soon" on the staff workbench.
ENDING_SOON = timedelta(days=7)


def visible_versions(user, covenant):
    """The versions of ``covenant`` that ``user`` may read, newest first: the public ones, and
    the drafts too for its staff."""
    versions = list(covenant.versions.order_by("-number"))
    if user.has_perm("covenant.review_covenantversion", covenant):
        return versions
    return [version for version in versions if version.is_public]


def adoption_context(user, version):
    """How many adopted ``version``, whether this user did, whether they adopted an earlier
    one (and so are asked to read the changes and adopt again), and, for staff, who."""
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
    versions = visible_versions(request.user, covenant)
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
        context.update(adoption_context(request.user, version))
    return context


@page_context.provides(CovenantPage)
def covenant_context(request, covenant):
    """The covenant page: the version in force."""
    return version_context(request, covenant.version_in_force, covenant)


def clause_history(user, clause):
    """The clause in every published version ``user`` may read, oldest first, with what
    changed and the matters it came from."""
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
    published = sorted(
        (v for v in visible_versions(user, clause.covenant) if v.published_at),
        key=lambda version: version.number,
    )
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


def consultation_groups(version):
    """A consultation round's comments, grouped by clause (most discussed first), and
    their total: through the discussion layer, only those made while it was open."""
    by_clause = comments_on(
        [row.clause for row in version.rows],
        submitted_from=version.consultation_opens,
        submitted_before=version.consultation_closes,
    )
    groups = [(row, by_clause.get(row.clause_id, [])) for row in version.rows]
    groups.sort(key=lambda group: -len(group[1]))
    return groups, sum(len(comments) for comments in by_clause.values())


def now_items(request):
    """The covenant's item for ``portal.capabilities.now_items``: the version in force and,
    for a signed-in resident, whether they have adopted it (personal: the page cache keeps
    only anonymous pages, see ``portal/caching.py``)."""
    user = request.user
    covenant = near(CovenantPage.objects.live().public(), user).order_by("path").first()
    if covenant is None:
        return []
    # Every version in one query: the drafts open for comments, and the published ones from
    # which the covenant page finds the version in force (as ``published_versions`` would).
    versions = list(covenant.versions.all())
    for version in versions:
        version.covenant = covenant
    covenant.published_versions = [v for v in versions if v.published_at is not None]
    now = timezone.now()
    items = [
        _consultation_item(draft)
        for draft in sorted(versions, key=lambda v: v.number)
        if draft.published_at is None
        and draft.consultation_opens is not None
        and draft.consultation_opens <= now < draft.consultation_closes
    ]
    version = covenant.version_in_force
    if version is None:
        return items
    text = _("%(covenant)s: version %(number)s in force since %(date)s") % {
        "covenant": covenant.title,
        "number": version.number,
        "date": date_format(version.effective_date, "Y-m-d"),
    }
    if not user.is_authenticated:
        detail, action = "", _("Read the covenant")
    elif Adoption.objects.filter(user=user, version=version).exists():
        detail, action = _("You have adopted this version."), _("Read the covenant")
    else:
        detail, action = _("You have not adopted this version yet."), _("Read and adopt")
    items.append(
        NowItem(text, detail, covenant.get_url(request), action, order=30, kind="covenant")
    )
    return items


def _in_consultation(versions):
    """The drafts of ``versions`` (a queryset) open for comments now (a draft is unpublished)."""
    now = timezone.now()
    return versions.filter(
        published_at__isnull=True, consultation_opens__lte=now, consultation_closes__gt=now
    ).order_by("consultation_closes")


def _consultation_item(draft):
    return NowItem(
        _("A draft of the covenant (%(version)s) is open for comments") % {"version": draft},
        _("Until %(date)s")
        % {"date": date_format(timezone.localtime(draft.consultation_closes), "Y-m-d")},
        draft.get_absolute_url(),
        _("Read and comment"),
        order=31,
        kind="consultation",
    )


def workbench_items(user):
    """What waits for community staff in the covenant: consultations closing within a week
    (their comments to read), per community through the boundary."""
    if not is_community_staff(user):
        return []
    soon = timezone.now() + ENDING_SOON
    drafts = _in_consultation(CovenantVersion.objects.within(user)).filter(
        consultation_closes__lte=soon
    )
    return [
        WorkItem(
            _("Consultation on %(version)s of %(covenant)s ends %(date)s")
            % {
                "version": draft,
                "covenant": draft.covenant.title,
                "date": date_format(timezone.localtime(draft.consultation_closes), "Y-m-d"),
            },
            1,
            reverse("covenant:consultation", args=[draft.pk]),
            order=21,
            community=draft.covenant.community.name,
        )
        for draft in drafts.select_related("covenant__community")
    ]
