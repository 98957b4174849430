"""Small groups stay hidden (portal.disclosure): no group under five is shown, and nothing
shown beside it lets anyone work it out."""

import itertools
from collections import defaultdict

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.disclosure import Shown, disclose, small


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [(0, "0", "0"), (1, "fewer than 5", "少于5"), (4, "fewer than 5", "少于5"), (5, "5", "5")],
)
def test_a_count_under_five_is_fewer_than_five(count, english, chinese):
    with translation.override("en"):
        assert str(small(count)) == english
    with translation.override("zh-hans"):
        assert str(small(count)) == chinese
        assert Template("{% load portal_tags %}{{ n|small }}").render(Context({"n": count})) == (
            chinese
        )


def test_without_small_groups_everything_is_exact():
    shown = disclose(17, {"A": 5, "B": 12, "C": 0}, {"completed": 10})
    assert shown.total == Shown(17)
    assert shown.parts == [{"A": Shown(5), "B": Shown(12), "C": Shown(0)}, {"completed": Shown(10)}]


def test_a_small_part_is_hidden_and_the_rest_shown_in_brackets():
    shown = disclose(9, {"A": 5, "B": 4})
    with translation.override("en"):
        assert [str(shown.total), str(shown.parts[0]["A"]), str(shown.parts[0]["B"])] == [
            "5–9",
            "5–9",
            "fewer than 5",
        ]


def test_what_a_part_leaves_of_the_whole_counts_as_a_part():
    """Eight enrolled and seven completed would say that one person did not finish."""
    shown = disclose(8, {"completed": 7})
    assert not shown.total.exact and not shown.parts[0]["completed"].exact


def test_a_whole_under_five_hides_every_part_even_zeros():
    shown = disclose(4, {"A": 1, "B": 1, "C": 1, "D": 1, "E": 0})
    assert shown.total.hidden and all(part.hidden for part in shown.parts[0].values())


def _unmasked(tables, largest_total):
    """The hidden counts of 1–4 that can be worked out: tables that look alike once shown
    are the attacker's only candidates; a hidden count with one candidate value is lost."""
    looks = defaultdict(list)
    for total, partitions in tables:
        shown = disclose(total, *partitions)
        looks[(shown.total, tuple(tuple(p.items()) for p in shown.parts))].append(
            (total, partitions)
        )
    lost = []
    for alike in looks.values():
        for total, partitions in alike:
            if total > largest_total:  # near the enumeration's edge: candidates are missing
                continue
            for i, partition in enumerate(partitions):
                for key in [*partition, None]:  # None: what the parts leave of the whole

                    def value(table, i=i, key=key):
                        t, ps = table
                        return ps[i][key] if key is not None else t - sum(ps[i].values())

                    if 0 < value((total, partitions)) < 5 and len(set(map(value, alike))) < 2:
                        lost.append((total, partitions, key))
    return lost


def test_no_hidden_count_can_be_worked_out_from_what_is_shown():
    n = 22
    three = [
        (sum(c), ({"a": c[0], "b": c[1], "c": c[2]},))
        for c in itertools.product(range(n), repeat=3)
    ]
    four = [
        (sum(c), ({"a": c[0], "b": c[1], "c": c[2], "d": c[3]},))
        for c in itertools.product(range(9), repeat=4)
    ]
    with_completed = [
        (a + b, ({"a": a, "b": b}, {"done": d}))
        for a, b, d in itertools.product(range(n), repeat=3)
        if d <= a + b
    ]
    assert _unmasked(three, largest_total=n - 6) == []
    assert _unmasked(four, largest_total=4) == []
    assert _unmasked(with_completed, largest_total=n - 6) == []
