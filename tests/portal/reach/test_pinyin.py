"""Pinyin made on the server: heteronyms by phrase, everything else as it was."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from portal.reach.pinyin import ruby, ruby_html


def readings(html):
    """The ``<rt>`` readings of ``html``, in order."""
    import re

    return re.findall(r"<rt>([^<]*)</rt>", str(html))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("银行", ["yín", "háng"]),
        ("行走", ["xíng", "zǒu"]),
        ("重庆", ["chóng", "qìng"]),
        ("重要", ["zhòng", "yào"]),
        ("我去银行，然后行走", ["wǒ", "qù", "yín", "háng", "rán", "hòu", "xíng", "zǒu"]),
    ],
)
def test_heteronyms_are_read_by_phrase(text, expected):
    assert readings(ruby(text)) == expected


def test_each_han_character_has_its_reading_after_it():
    assert str(ruby("重要")) == "<ruby>重<rt>zhòng</rt></ruby><ruby>要<rt>yào</rt></ruby>"


def test_what_is_not_han_passes_through_escaped():
    html = str(ruby("第3条 <b>A&B</b>：ok"))

    assert html == (
        "<ruby>第<rt>dì</rt></ruby>3<ruby>条<rt>tiáo</rt></ruby> &lt;b&gt;A&amp;B&lt;/b&gt;：ok"
    )


def test_markup_keeps_its_tags_and_attributes_and_only_text_is_annotated():
    html = str(ruby_html('<p title="银行">去<a href="/x?a=1&amp;b=2">银行</a> &amp; ok</p>'))

    assert html == (
        '<p title="银行"><ruby>去<rt>qù</rt></ruby><a href="/x?a=1&amp;b=2">'
        "<ruby>银<rt>yín</rt></ruby><ruby>行<rt>háng</rt></ruby></a> &amp; ok</p>"
    )


def test_text_already_annotated_or_in_a_script_is_left_alone():
    source = "<ruby>中<rt>zhōng</rt></ruby><script>var a = 1 < 2;</script>"

    assert str(ruby_html(source)) == source.replace("1 < 2", "1 &lt; 2")


def test_the_filter_escapes_plain_text_and_annotates_safe_markup():
    template = Template("{% load reach_tags %}{{ plain|pinyin_ruby }}|{{ safe|safe|pinyin_ruby }}")

    html = template.render(Context({"plain": "<i>行</i>", "safe": "<i>行走</i>"}))

    assert html == (
        "&lt;i&gt;<ruby>行<rt>xíng</rt></ruby>&lt;/i&gt;|"
        "<i><ruby>行<rt>xíng</rt></ruby><ruby>走<rt>zǒu</rt></ruby></i>"
    )


@pytest.mark.django_db
def test_the_reading_block_annotates_only_when_the_reader_chose_pinyin(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    template = Template("{% load reach_tags %}{% reading %}<p>重要</p>{% endreading %}")
    request = RequestFactory().get("/a/?page=2")

    plain = template.render(Context({"request": request}))
    request.COOKIES["pinyin"] = "1"
    annotated = template.render(Context({"request": request}))

    assert "<rt>" not in plain
    assert 'href="/a/?page=2&amp;pinyin=1"' in plain
    assert "<ruby>重<rt>zhòng</rt></ruby><ruby>要<rt>yào</rt></ruby>" in annotated
    assert 'href="/a/?page=2&amp;pinyin=0"' in annotated
    assert 'src="/static/reach/read-aloud.js"' in plain


@pytest.mark.django_db
def test_an_easy_read_version_comes_first_and_the_text_waits_under_see_the_original(
    settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    template = Template(
        "{% load reach_tags %}{% reading easy=easy %}<p>原来的长文本。</p>{% endreading %}"
    )
    request = RequestFactory().get("/a/")

    html = template.render(Context({"request": request, "easy": "短句<子>。"}))
    without = template.render(Context({"request": request, "easy": ""}))

    assert html.index("短句&lt;子&gt;。") < html.index("<details") < html.index("原来的长文本。")
    assert "<details" not in without and "原来的长文本。" in without
