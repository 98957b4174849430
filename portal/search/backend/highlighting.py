"""Excerpts with the query's words marked, for the search page's snippets.

The text is read with the same analyzer as queries (jieba, lowercased, stemmed),
so ``公约`` is marked inside ``居民公约`` and ``meetings`` marks ``meeting``.
Works for any backend's results: it needs only the text and the query.
"""

from collections.abc import Collection, Iterable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modelsearch.index import Indexed

from .schema import TEXT_ANALYZER, analyze, columns_for_model, flatten_text


def highlight(
    hit_or_text: Any,
    query: Any,
    *,
    fields: Collection[str] | None = None,
    max_chars: int = 120,
    tag: str = "mark",
) -> SafeString:
    """Return a short HTML-safe excerpt of the text with the query's words in ``<mark>``.

    ``hit_or_text`` is a string or a search result (an indexed model instance),
    whose SearchFields (or just ``fields``) give the text. ``query`` is a string
    or a modelsearch query with a ``query_string``. The excerpt is the
    ``max_chars`` window holding the most matches, with "…" where text was cut.
    """
    if isinstance(hit_or_text, str):
        text = hit_or_text
    elif isinstance(hit_or_text, Indexed):
        text = object_text(hit_or_text, fields)
    else:
        raise TypeError(f"Cannot highlight {type(hit_or_text).__name__}")
    text = " ".join(text.split())
    words = set(analyze(TEXT_ANALYZER, getattr(query, "query_string", str(query))))
    spans = merge_spans(
        (token.startchar, token.endchar)
        for token in TEXT_ANALYZER(text, chars=True)
        if token.text in words
    )
    start, end = best_window(spans, len(text), max_chars)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<{tag}>{escape(text[span_start:span_end])}</{tag}>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped)


def object_text(obj: Any, fields: Collection[str] | None = None) -> str:
    """The text of ``obj``'s own SearchFields (or just ``fields``), one per line."""
    return "\n".join(
        flatten_text(column.values(obj)[0])
        for column in columns_for_model(type(obj))
        if column.role == "text"
        and len(column.field_path) == 1
        and (fields is None or column.field_path[0].field_name in fields)
    )


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(start, end)`` character spans sorted, overlapping or touching ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def best_window(spans: list[tuple[int, int]], length: int, max_chars: int) -> tuple[int, int]:
    """The ``(start, end)`` window of ``max_chars`` holding most spans, a little context first."""
    if length <= max_chars or not spans:
        return 0, min(length, max_chars)
    context = max_chars // 5
    best = (0, 0)
    for span_start, _ in spans:
        start = max(0, min(span_start - context, length - max_chars))
        inside = sum(1 for s, e in spans if s >= start and e <= start + max_chars)
        if inside > best[0]:
            best = (inside, start)
    return best[1], best[1] + max_chars
