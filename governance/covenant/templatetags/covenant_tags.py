from django import template
from django.utils.translation import get_language

register = template.Library()

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n):
    """1 → 一, 12 → 十二, 105 → 一百零五, as in 第十二条 (up to 999; larger stay digits)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += f"{_DIGITS[tens]}十" if hundreds or tens > 1 else "十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


@register.filter
def numeral(n):
    """A chapter or clause number as it is written in the current language."""
    return chinese_numeral(n) if (get_language() or "").startswith("zh") else str(n)
