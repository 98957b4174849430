"""``{% reading %}…{% endreading %}``: a text with its 朗读 and 拼音 controls;
``{{ text|pinyin_ruby }}``: pinyin over one text, always."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import linebreaks
from django.utils.translation import gettext
from django.utils.safestring import SafeData, mark_safe

from ..reach import COOKIE, audio, wants_pinyin
from ..reach.pinyin import ruby, ruby_html

register = template.Library()


@register.filter(is_safe=True)
def pinyin_ruby(value):
    """Han characters with their pinyin above; markup that is already safe keeps its tags,
    anything else is escaped."""
    if value is None or value == "":
        return ""
    return ruby_html(value) if isinstance(value, SafeData) else ruby(value)


def _switch_url(request, on):
    query = request.GET.copy()
    query[COOKIE] = "1" if on else "0"
    return f"{request.path}?{query.urlencode()}"


class ReadingNode(template.Node):
    def __init__(self, nodelist, easy=None):
        self.nodelist = nodelist
        self.easy = easy

    def render(self, context):
        html = self.nodelist.render(context)
        easy = self.easy.resolve(context, ignore_failures=True) if self.easy else None
        if easy:
            # The plain-language version first; the full text one tap away, without JS.
            short = self.read(context, f'<div class="easy-read">{linebreaks(easy, True)}</div>')
            full = self.read(context, html)
            return mark_safe(
                f'{short}<details class="original"><summary>{gettext("See the original text")}'
                f"</summary>{full}</details>"
            )
        return self.read(context, html)

    def read(self, context, html):
        request = context.get("request")
        text = audio.plain_text(html)
        if not text:
            return html
        counter = context.render_context.setdefault("reach_readings", [0])
        counter[0] += 1
        pinyin = wants_pinyin(request)
        from django.urls import reverse

        controls = render_to_string(
            "reach/controls.html",
            {
                "target": f"reading-{counter[0]}",
                "audio_url": reverse("reach:audio", args=[audio.prepare(text)]),
                "pinyin": pinyin,
                "switch_url": _switch_url(request, not pinyin) if request else "",
                "first": counter[0] == 1,
            },
            request=request,
        )
        body = ruby_html(html) if pinyin else html
        return mark_safe(
            f'{controls}<div class="reading{" pinyin" if pinyin else ""}" '
            f'id="reading-{counter[0]}">{body}</div>'
        )


@register.tag
def reading(parser, token):
    """``{% reading %}…{% endreading %}``, or ``{% reading easy=obj.easy_read %}`` to show
    a plain-language version first, with the text inside under 看原文."""
    bits = token.split_contents()[1:]
    easy = None
    for bit in bits:
        name, _, value = bit.partition("=")
        if name != "easy" or not value:
            raise template.TemplateSyntaxError("{% reading %} takes only easy=…")
        easy = parser.compile_filter(value)
    nodelist = parser.parse(("endreading",))
    parser.delete_first_token()
    return ReadingNode(nodelist, easy)
