"""``{% reading %}…{% endreading %}``: a text with its 朗读 and 拼音 controls;
``{{ text|pinyin_ruby }}``: pinyin over one text, always."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

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
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        html = self.nodelist.render(context)
        found = {k: v.resolve(context, ignore_failures=True) for k, v in self.options.items()}
        easy, recording = found.get("easy"), found.get("recording")
        if easy:
            # The plain-language version first; the full text one tap away, without JS.
            short = self.read(context, f'<div class="easy-read">{linebreaks(easy, True)}</div>')
            full = self.read(context, html, recording)
            return mark_safe(
                f'{short}<details class="original"><summary>{gettext("See the original text")}'
                f"</summary>{full}</details>"
            )
        return self.read(context, html, recording)

    def read(self, context, html, recording=None):
        """The controls, then ``html`` (annotated when the reader chose pinyin). A staff
        recording (a Wagtail document), when there is one, is played instead of the
        server's voice, and the phone's voice is not used."""
        request = context.get("request")
        text = audio.plain_text(html)
        if not text:
            return html
        counter = context.render_context.setdefault("reach_readings", [0])
        counter[0] += 1
        pinyin = wants_pinyin(request)
        controls = render_to_string(
            "reach/controls.html",
            {
                "target": f"reading-{counter[0]}",
                "audio_url": recording.url
                if recording
                else reverse("reach:audio", args=[audio.prepare(text)]),
                "recording": recording,
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
    a plain-language version first, with the text inside under 看原文; ``recording=doc`` to
    play staff's own recording instead of the server's voice."""
    options = {}
    for bit in token.split_contents()[1:]:
        name, _, value = bit.partition("=")
        if name not in ("easy", "recording") or not value:
            raise template.TemplateSyntaxError("{% reading %} takes easy=… and recording=…")
        options[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endreading",))
    parser.delete_first_token()
    return ReadingNode(nodelist, options)
