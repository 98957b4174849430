"""Comment text: plain text or a small, safe Markdown subset, rendered to clean HTML."""

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


@lru_cache(maxsize=4096)
def render_safe_markdown(text):
    """Markdown → HTML, then keep only paragraphs, line breaks, bold, italic, lists and
    http(s) links. Raw HTML, images, scripts and other link schemes never survive.

    The same comments are shown again and again, so each worker remembers the last few
    thousand renderings (the output depends on the text alone)."""
    html = markdown.markdown(text or "", extensions=["nl2br", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        url_relative="deny",
        link_rel="nofollow ugc noopener noreferrer",
    )
