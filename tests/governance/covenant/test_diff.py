from datetime import timedelta

import pytest
from django.utils import timezone

from governance.covenant.diff import compare, mark_changes
from governance.covenant.factories import make_version
from governance.covenant.templatetags.covenant_tags import chinese_numeral

pytestmark = pytest.mark.django_db


@pytest.fixture
def v2(v1):
    """Registration moves to the safety chapter, renamed and re-worded, after a new clause;
    the landlord clause is removed."""
    register, landlord, fire = v1.rows
    rows = [
        (fire.clause, "安全", fire.title, fire.text),
        (None, "安全", "夜间安静", "晚上十点以后不大声喧哗。"),
        (register.clause, "安全", "到达登记", "新来社区居住的人，在到达后五日内到服务点登记。"),
    ]
    return make_version(v1.covenant, rows, effective_date=timezone.localdate() + timedelta(days=1))


def test_numbers_and_chapters_follow_the_order(v1):
    assert [(c.number, c.title, [r.number for r in c.clauses]) for c in v1.chapters] == [
        (1, "登记与租房", [1, 2]),
        (2, "安全", [3]),
    ]


def test_compare_follows_each_clause_through_move_rename_and_rewording(v1, v2):
    register, landlord, fire = v1.rows
    changes = compare(v1, v2)
    by_clause = {(c.new or c.old).clause_id: c for c in changes}
    assert [(c.new or c.old).clause_id for c in changes] == [
        fire.clause_id,
        v2.rows[1].clause_id,
        register.clause_id,
        landlord.clause_id,  # removed: after the clause that preceded it in the old version
    ]

    moved = by_clause[register.clause_id]
    assert (moved.renamed, moved.reworded, moved.moved, moved.renumbered) == (
        True,
        True,
        True,
        True,
    )
    assert (moved.old.number, moved.new.number) == (1, 3)
    assert "<del>七日</del><ins>五日</ins>" in moved.text_html
    assert "<del>居委会</del><ins>服务点</ins>" in moved.text_html
    assert "<del>" in moved.title_html and "<ins>到达</ins>" in moved.title_html

    assert by_clause[landlord.clause_id].removed
    assert by_clause[v2.rows[1].clause_id].added
    unchanged_text = by_clause[fire.clause_id]
    assert not unchanged_text.changed and unchanged_text.renumbered


def test_removed_clause_is_placed_after_its_old_neighbour(v1):
    register, landlord, fire = v1.rows
    v2 = make_version(
        v1.covenant,
        [(r.clause, r.chapter, r.title, r.text) for r in (register, fire)],
    )
    assert [(c.old or c.new).title for c in compare(v1, v2)] == [
        "来社区登记",
        "房东的责任",
        "消防安全",
    ]
    assert [c.removed for c in compare(v1, v2)] == [False, True, False]


def test_marked_changes_escape_markup():
    html = mark_changes("<b>旧</b>规定", "<script>新</script>规定")
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;" in html and "<ins>script</ins>" in html


def test_compare_page_marks_the_changed_words(client, v1, v2):
    response = client.get(f"/covenant/compare/{v1.pk}/{v2.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>七日</del><ins>五日</ins>" in html
    assert "<del>登记与租房</del>" in html  # the old chapter of the moved clause
    assert html.count("<del>") >= 3


def test_compare_form_orders_the_versions_and_refuses_bad_input(client, v1, v2):
    response = client.get("/covenant/compare/", {"old": v2.pk, "new": v1.pk})
    assert response.url == f"/covenant/compare/{v1.pk}/{v2.pk}/"
    assert client.get("/covenant/compare/", {"old": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (1000, "1000")],
)
def test_chinese_numerals(number, text):
    assert chinese_numeral(number) == text
