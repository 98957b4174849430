"""Residents write in Chinese: on English pages their words are marked lang="zh-hans"."""

from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load portal_tags %}" + source).render(Context(context))


def test_chinese_content_is_marked_on_english_pages_only():
    source = "{{ title|mark_lang }}"
    assert render(source, "en", title="楼道灯坏了") == '<span lang="zh-hans">楼道灯坏了</span>'
    assert render(source, "zh-hans", title="楼道灯坏了") == "楼道灯坏了"
    assert render(source, "en", title="Street lights") == "Street lights"


def test_marked_content_stays_escaped_and_blocks_get_a_block_element():
    assert render("{{ t|mark_lang }}", "en", t="<b>灯</b>") == (
        '<span lang="zh-hans">&lt;b&gt;灯&lt;/b&gt;</span>'
    )
    html = render("{{ t|mark_lang }}", "en", t=mark_safe("<p>灯</p>"))
    assert html == '<div lang="zh-hans"><p>灯</p></div>'


def test_content_containers_are_marked_on_english_pages():
    source = "<div{% content_lang %}>x</div><p{% content_lang text %}>y</p>"
    assert render(source, "en", text="Hello") == '<div lang="zh-hans">x</div><p>y</p>'
    assert render(source, "en", text="你好") == '<div lang="zh-hans">x</div><p lang="zh-hans">y</p>'
    assert render(source, "zh-hans", text="你好") == "<div>x</div><p>y</p>"
