import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_from_path

from portal import disclosure, printing

register = template.Library()


@register.simple_tag(takes_context=True)
def qr_code(context, url=None, size_mm=40):
    """``{% qr_code %}`` draws a QR code to this page; pass ``url`` for another one."""
    request = context["request"]
    return printing.qr_svg(request.build_absolute_uri(url or request.path), size_mm)


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """This page's address in ``language``: ``/en/xiehui/`` ↔ ``/xiehui/``.

    Plain links rather than a form: no cookie and no CSRF token, so pages stay cacheable.
    """
    request = context["request"]
    path = request.get_full_path()
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :]
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


@register.filter
def small(count):
    """``{{ count|small }}``: a count of 1 to 4 shows as "fewer than 5" (portal.disclosure)."""
    return disclosure.small(count)


# Content and its language ------------------------------------------------------------------
# Residents and staff write in Chinese (the site's LANGUAGE_CODE); on pages in another
# language that content is marked, so that screen readers read it with a Chinese voice.

_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BLOCK = re.compile(r"<(p|div|ul|ol|h[1-6]|table|blockquote|figure)\b")


def _needs_mark(text):
    language = get_language() or settings.LANGUAGE_CODE
    same = language.split("-")[0] == settings.LANGUAGE_CODE.split("-")[0]
    return not same and (text is None or bool(_CHINESE.search(str(text))))


@register.filter
def mark_lang(value):
    """``{{ page.title|mark_lang }}``: the value, in ``<span lang="zh-hans">`` when it is
    Chinese on a page in another language (escaped as usual; safe strings kept)."""
    if value in (None, "") or not _needs_mark(value):
        return value
    element = "div" if _BLOCK.search(str(value)) else "span"
    return format_html('<{0} lang="{1}">{2}</{0}>', element, settings.LANGUAGE_CODE, value)


@register.simple_tag
def content_lang(text=None):
    """`` lang="zh-hans"`` for an element holding content (``text``, or an editor's rich
    text when not given) on a page in another language; nothing otherwise."""
    if not _needs_mark(text):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
