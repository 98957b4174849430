from django import template
from django.utils.translation import get_language_from_path

from portal import printing

register = template.Library()


@register.simple_tag(takes_context=True)
def qr_code(context, url=None, size_mm=40):
    """``{% qr_code %}`` draws a QR code to this page; pass ``url`` for another one."""
    request = context["request"]
    return printing.qr_svg(request.build_absolute_uri(url or request.path), size_mm)


@register.filter
def without_language_prefix(path):
    """``/en/xiehui/`` → ``/xiehui/``, so the language switch can translate any page's URL."""
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path
