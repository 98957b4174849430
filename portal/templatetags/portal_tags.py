from django import template
from django.conf import settings
from django.utils.translation import get_language_from_path

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
