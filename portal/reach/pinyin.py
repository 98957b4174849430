"""Pinyin above Han characters, as ``<ruby>`` made on the server.

Heteronyms are resolved by phrase: pypinyin segments the text and reads each phrase from
its phrase dictionary (银行 yín háng, 行走 xíng zǒu; 重庆 chóng qìng, 重要 zhòng yào).
Each Han character gets its own ``<ruby>`` (one ``<ruby>`` holding several base and
``<rt>`` pairs is valid HTML and shorter, but Chromium lets the readings run together
over it); everything that is not Han passes through as it was (escaped, for plain text).
"""

import re
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import mark_safe
from pypinyin import Style, pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Text inside these is left alone (already annotated, or not read).
SKIP = {"rt", "rp", "ruby", "script", "style", "textarea", "code", "pre", "svg"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def _annotate(text):
    """``text`` (plain, not escaped) as safe HTML with every Han run in ``<ruby>``."""
    out = []
    last = 0
    for match in HAN.finditer(text):
        out.append(escape(text[last : match.start()], quote=False))
        run = match.group()
        readings = pinyin(run, style=Style.TONE, heteronym=False, errors="default")
        out.extend(
            f"<ruby>{char}<rt>{reading[0]}</rt></ruby>"
            for char, reading in zip(run, readings, strict=False)
        )
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def ruby(text):
    """Plain ``text`` escaped, with pinyin over its Han characters."""
    return mark_safe(_annotate(str(text)))


class _Annotator(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skipping = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in SKIP and tag not in VOID:
            self.skipping.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False) if self.skipping else _annotate(data))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def ruby_html(html):
    """Safe ``html`` with pinyin over the Han characters of its text (tags and attributes
    kept as they were)."""
    parser = _Annotator()
    parser.feed(str(html))
    parser.close()
    return mark_safe("".join(parser.out))
