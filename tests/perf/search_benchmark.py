"""Benchmark: index and query a reproducible Chinese corpus with the Whoosh backend's analyzer.

Plain script, not a test::

    .venv/bin/python tests/perf/search_benchmark.py --docs 20000 [--seed 7] [--db]

Prints index time and size, and p50/p95 latency of one-word, two-word (AND)
and phrase queries. With ``--db`` it also loads the corpus into a temporary
SQLite database and runs the same queries through modelsearch's database
backend (SQLite FTS5), on modelsearch's own test model ``Book.summary``.
"""

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from whoosh import fields, index  # noqa: E402
from whoosh import query as wq  # noqa: E402

from portal.search.analysis import ChineseAnalyzer, setup_jieba  # noqa: E402

SUBJECTS = ["居委会", "业委会", "议事会", "协会", "流动人口", "志愿者", "物业公司", "居民代表"]
TOPICS = ["公约", "纪要", "建筑工地", "市场", "停车位", "垃圾分类", "青春期", "老年食堂", "租房"]
VERBS = ["讨论", "表决", "通过", "修订", "公示", "反映", "协商", "监督"]
DETAILS = ["夜间施工噪音", "摊位费用", "消防通道", "儿童安全", "外来务工人员子女入学", "楼道照明"]
TIMES = ["本周六上午", "下个季度", "上月", "今年三月", "会议结束后"]

QUERIES = {
    "one word": ["公约", "市场", "青春期", "纪要", "停车位"],
    "two words": ["公约 表决", "建筑工地 噪音", "流动人口 租房", "市场 摊位"],
    "phrase": ["居民公约", "夜间施工噪音", "垃圾分类"],
}


def sentence(rng):
    return (
        f"{rng.choice(TIMES)}，{rng.choice(SUBJECTS)}{rng.choice(VERBS)}了关于"
        f"{rng.choice(DETAILS)}的{rng.choice(TOPICS)}，{rng.choice(['居民', '代表', '社区'])}"
        f"{rng.choice(TOPICS)}{rng.choice(['意见较多', '获得通过', '需要修订', '将张贴公示'])}。"
    )


def corpus(count, seed):
    """``count`` (title, body) pairs; bodies of 4–30 sentences (~100–1000 characters)."""
    rng = random.Random(seed)
    for n in range(count):
        title = f"{rng.choice(SUBJECTS)}{rng.choice(TOPICS)}（第{n}号）"
        body = "".join(sentence(rng) for _ in range(rng.randint(4, 30)))
        if rng.random() < 0.1:
            body += "幸福社区居民公约全文见附件。"
        yield title, body


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples) * 1000, p95 * 1000


def report(label, timings, hits):
    p50, p95 = percentiles(timings)
    print(f"  {label:<10} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   hits/query {hits:,.0f}")


def run_queries(run, repeats):
    for label, queries in QUERIES.items():
        timings, hits = [], []
        for _ in range(repeats):
            for text in queries:
                start = time.perf_counter()
                hits.append(run(label, text))
                timings.append(time.perf_counter() - start)
        report(label, timings, statistics.mean(hits))


def whoosh_query(label, text):
    analyzer = ChineseAnalyzer()
    fields_ = ["title", "body"]
    if label == "phrase":
        words = [t.text for t in ChineseAnalyzer(units_only=True)(text)]
        return wq.Or([wq.Phrase(f, words) for f in fields_])
    words = dict.fromkeys(t.text for t in analyzer(text))
    return wq.And([wq.Or([wq.Term(f, w) for f in fields_]) for w in words])


def bench_whoosh(docs, workdir, repeats):
    setup_jieba(workdir)
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=ChineseAnalyzer(), field_boost=2.0),
        body=fields.TEXT(analyzer=ChineseAnalyzer()),
    )
    path = workdir / "whoosh"
    path.mkdir()
    ix = index.create_in(path, schema)
    start = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for n, (title, body) in enumerate(docs):
        writer.add_document(id=str(n), title=title, body=body)
    writer.commit()
    elapsed = time.perf_counter() - start
    size = sum(f.stat().st_size for f in path.iterdir())
    print(
        f"Whoosh + jieba: indexed {len(docs):,} docs in {elapsed:.1f} s "
        f"({len(docs) / elapsed:,.0f} docs/s), index {size / 2**20:.1f} MiB"
    )
    with ix.searcher() as searcher:

        def run(label, text):
            results = searcher.search(whoosh_query(label, text), limit=20)
            return len(results)  # the total, as a results page shows it

        run_queries(run, repeats)


def bench_database(docs, workdir, repeats):
    import django
    from django.conf import settings
    from django.core.management import call_command

    settings.configure(
        INSTALLED_APPS=[
            "modelsearch.test.testapp",
            "modelsearch",
            "taggit",
            "django.contrib.auth",
            "django.contrib.contenttypes",
        ],
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": workdir / "db.sqlite3"}
        },
        USE_TZ=True,
        MODELSEARCH_BACKENDS={"default": {"BACKEND": "modelsearch.backends.database"}},
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )
    django.setup()
    from modelsearch.backends import get_search_backend
    from modelsearch.query import Phrase, PlainText
    from modelsearch.test.testapp.models import Book

    call_command("migrate", verbosity=0)
    Book.objects.bulk_create(
        Book(title=title, summary=body, publication_date="2025-01-01", number_of_pages=1)
        for title, body in docs
    )
    start = time.perf_counter()
    call_command("rebuild_modelsearch_index", verbosity=0)
    elapsed = time.perf_counter() - start
    size = (workdir / "db.sqlite3").stat().st_size
    print(
        f"Database backend (SQLite FTS5): indexed {len(docs):,} docs in {elapsed:.1f} s, "
        f"database {size / 2**20:.1f} MiB"
    )
    backend = get_search_backend()

    def run(label, text):
        query = Phrase(text) if label == "phrase" else PlainText(text, operator="and")
        results = backend.search(query, Book)
        list(results[:20])
        return results.count()

    run_queries(run, repeats)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=20, help="runs of each query")
    parser.add_argument("--db", action="store_true", help="also run modelsearch's DB backend")
    args = parser.parse_args()

    docs = list(corpus(args.docs, args.seed))
    chars = sum(len(title) + len(body) for title, body in docs)
    print(
        f"Corpus: {len(docs):,} docs, {chars / len(docs):,.0f} characters on average, "
        f"seed {args.seed}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="yishi-bench-"))
    try:
        bench_whoosh(docs, workdir, args.repeats)
        if args.db:
            bench_database(docs, workdir, args.repeats)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
