"""Every benchmarked page answers, and its database queries don't grow with the data.

A small district and one about twice its size are generated in the test database; each
page is read (anonymously, or as the benchmark user for the personal pages) and its
queries counted in-process. Signed-in pages must stay within ``SIGNED_IN_QUERY_LIMIT``.
Not a timing test: ``tests/perf/load_benchmark.py`` measures speed.
"""

from datetime import date
from functools import cache

import pytest
from django.core.cache import cache as django_cache
from django.db import transaction

from pages.district import District
from tests.perf import targets
from tests.perf.queries import measure

SMALL, LARGE = 0.034, 0.068  # about twice the communities, people, matters and comments
SIGNED_IN_QUERY_LIMIT = 12
PAGES = targets.ANONYMOUS + targets.SIGNED_IN


@cache
def counts(scale):
    """{page: Measurement} on a district of ``scale``, rolled back afterwards."""
    with transaction.atomic():
        District(seed=1, scale=scale, today=date(2026, 11, 30), log=lambda *_: None).build()
        django_cache.clear()
        paths = targets.urls()
        found = measure({n: paths[n] for n in targets.ANONYMOUS if n in paths})
        found |= measure({n: paths[n] for n in targets.SIGNED_IN}, user=targets.bench_user())
        transaction.set_rollback(True)
    django_cache.clear()
    return found


def _explain(name, small, large):
    return (
        f"{name}: HTTP {small.status}/{large.status}, queries {small.queries} → {large.queries} "
        f"when the data doubles; most repeated on the larger district: {large.repeated}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_answers(name):
    small = counts(SMALL)
    assert name in small, f"{name}: no such page in this build (not installed yet?)"
    assert small[name].status == 200, _explain(name, small[name], counts(LARGE)[name])
    assert counts(LARGE)[name].status == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_queries_do_not_grow_with_the_data(name):
    small, large = counts(SMALL).get(name), counts(LARGE).get(name)
    assert small and large, f"{name}: no such page in this build (not installed yet?)"
    assert large.queries <= small.queries, _explain(name, small, large)


@pytest.mark.django_db
@pytest.mark.parametrize("name", targets.SIGNED_IN)
def test_signed_in_pages_stay_within_the_query_budget(name):
    large = counts(LARGE)[name]
    assert large.queries <= SIGNED_IN_QUERY_LIMIT, _explain(name, counts(SMALL)[name], large)
