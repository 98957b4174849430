"""The site's search page and the suggestions the search box asks for as the user types.

An index that cannot answer (missing, damaged: ``portal.search.health``) gets a clear
"being rebuilt" answer with status 503, never a 500 or an empty page that looks real;
while changes wait to be indexed (``PendingReindex``) the results say they may be behind.
"""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .groups import related_terms, relaxed_levels, search_groups
from .records import PendingReindex

logger = logging.getLogger(__name__)

#: Longest query read; longer input is cut (a search box, not a document).
MAX_QUERY_CHARS = 100
#: Results per group on the overview (merged into one list, best first), and per page
#: when one type is chosen.
OVERVIEW_PER_GROUP = 3
PAGE_SIZE = 10
SUGGESTIONS = 8


def _query(request):
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY_CHARS]


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def _unavailable(query):
    """The index failed to answer ``query``; log why, for the operator."""
    logger.exception("Search index unavailable for %r: run manage.py update_index", query)
    return _("Search is being rebuilt. Please try again in a few minutes.")


@require_GET
def search(request):
    try:
        return _search(request)
    except Exception:  # the index is files on disk: missing or damaged in many ways
        return render(
            request,
            "portal/search/results.html",
            {"search_query": _query(request), "unavailable": _unavailable(_query(request))},
            status=503,
        )


def _search(request):
    query = _query(request)
    groups = search_groups()
    chosen = next((group for group in groups if group.key == request.GET.get("type")), None)
    page = _page_number(request) if chosen else 1
    sections, all_words = [], True
    if query:
        searched = [chosen] if chosen else groups
        offset, limit = ((page - 1) * PAGE_SIZE, PAGE_SIZE) if chosen else (0, OVERVIEW_PER_GROUP)

        def find(levels=None):
            found = [
                group.search(query, request.user, request, offset, limit, levels)
                for group in searched
            ]
            return [section for section in found if section.hits or section.has_more]

        sections = find()
        if not sections:
            # No result holds every word (孩子打疫苗): those with most of them, said so.
            levels = relaxed_levels(query)
            sections = find(levels) if levels else []
            all_words = not sections
    found = any(section.hits for section in sections)
    # The overview: one list across types, best first, each result with its type.
    best = sorted((hit for s in sections for hit in s.hits), key=lambda hit: hit.rank)
    return render(
        request,
        "portal/search/results.html",
        {
            "search_query": query,
            "groups": groups,
            "chosen": chosen,
            "sections": sections,
            "best": best if not chosen else [],
            "more": [section.group for section in sections if section.has_more],
            "all_words": all_words,
            "page": page,
            "previous_page": page - 1 if chosen and page > 1 else None,
            "next_page": page + 1 if chosen and sections and sections[0].has_more else None,
            "suggestions": related_terms(query) if query and not found and page == 1 else [],
            "behind": bool(query) and PendingReindex.objects.exists(),
        },
    )


@require_GET
def suggest(request):
    """Titles starting like the query, as JSON, for the search box's list."""
    query = _query(request)
    titles = []
    try:
        for group in search_groups() if query else []:
            titles.extend(
                title
                for title in group.autocomplete(query, request.user, SUGGESTIONS)
                if title not in titles
            )
    except Exception:  # as in search()
        message = _unavailable(query)
        return JsonResponse({"query": query, "suggestions": [], "message": message}, status=503)
    return JsonResponse({"query": query, "suggestions": titles[:SUGGESTIONS]})
