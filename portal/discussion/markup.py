"""Comment text: plain text or a small, safe Markdown subset, rendered to clean HTML."""

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


def _markdown():
    """Markdown that reads HTML as text: ``<孩子>``, ``<note>`` or ``a<b`` show as typed
    instead of being taken for tags and dropped. ``<https://…>`` links still work."""
    md = markdown.Markdown(extensions=["nl2br", "sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


@lru_cache(maxsize=4096)
def render_safe_markdown(text):
    """Markdown → HTML, then keep only paragraphs, line breaks, bold, italic, lists and
    http(s) links. Text in angle brackets is shown as text; images, scripts and other
    link schemes never survive.

    The same comments are shown again and again, so each worker remembers the last few
    thousand renderings (the output depends on the text alone)."""
    html = _markdown().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        url_relative="deny",
        link_rel="nofollow ugc noopener noreferrer",
    )
