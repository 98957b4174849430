"""Excerpts with the query's words marked (``portal.search.backend.highlighting``)."""

import pytest
from modelsearch.query import Phrase, PlainText
from wagtail.models import Page

from pages.models import StandardPage
from portal.search.backend import highlight
from portal.search.backend.highlighting import best_window, merge_spans


def test_highlight_marks_words_and_escapes_html():
    text = "<b>注意</b>：本社区将于周六召开议事会，讨论幸福社区居民公约的修订。" * 5
    snippet = highlight(text, "公约", max_chars=40)
    assert "<mark>公约</mark>" in snippet
    assert "<b>" not in snippet
    assert len(snippet) < 120


def test_highlight_takes_a_search_result(add_page, search_backend):
    page = add_page("Residents meeting <minutes>")
    snippet = highlight(page, "meetings")
    assert snippet == "Residents <mark>meeting</mark> &lt;minutes&gt;"


def test_a_word_inside_a_longer_word_is_marked_and_a_query_object_is_read():
    assert highlight("幸福社区居民公约", PlainText("公约")) == "幸福社区居民<mark>公约</mark>"
    # jieba also reads 居民 and 公约 inside 居民公约: one mark, not two overlapping ones.
    assert highlight("居民公约", Phrase("居民公约")) == "<mark>居民公约</mark>"


def test_the_excerpt_is_the_window_with_most_matches_with_ellipses_where_cut():
    text = "开头" * 50 + "公约" + "中间" * 30 + "公约，公约" + "结尾" * 50
    snippet = highlight(text, "公约", max_chars=30)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet.count("<mark>公约</mark>") == 2
    assert highlight("短文本", "公约") == "短文本"  # nothing to mark: the start of the text


def test_fields_limit_the_text_of_a_result(db):
    root = Page.get_first_root_node()
    page = root.add_child(
        instance=StandardPage(title="停车位公告", slug="notice", introduction="公约第三条")
    )
    assert highlight(page, "公约") == "停车位公告 <mark>公约</mark>第三条"
    assert highlight(page, "公约", fields=["title"]) == "停车位公告"


def test_highlight_refuses_what_has_no_text():
    with pytest.raises(TypeError):
        highlight(42, "公约")


def test_spans_are_sorted_and_overlapping_ones_merged():
    assert merge_spans([(6, 8), (0, 4), (2, 5), (5, 6), (10, 12)]) == [(0, 8), (10, 12)]


def test_the_window_leaves_a_little_context_before_the_first_match():
    spans = [(50, 52), (60, 62), (200, 202)]
    assert best_window(spans, 300, 100) == (30, 130)  # a fifth of the window before it
    assert best_window(spans, 80, 100) == (0, 80)  # short text: all of it
    assert best_window([], 300, 100) == (0, 100)
    assert best_window([(290, 292)], 300, 100) == (200, 300)  # never past the end
