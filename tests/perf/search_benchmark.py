"""Benchmark: the Whoosh + jieba backend against modelsearch's database backend, same corpus.

Plain script, not a test (timings belong in benchmarks, not assertions)::

    .venv/bin/python tests/perf/search_benchmark.py --docs 100000 [--seed 7] [--no-db]
        [--workdir DIR]   # keep the database and indexes in DIR; a second run reuses them

The corpus is reproducible (``--seed``): text drawn word by word from jieba's
dictionary at the words' real frequencies (about 60,000 words, so a query word
matches as selectively as it would in real prose), with community-governance
sentences mixed in at realistic rates (公约 in about 3% of documents, 青春期 in
0.5%…). Documents are 80–1,500 characters (about 450 on average), with a title.

Both backends index modelsearch's own test model ``Book`` (title, summary) in a
temporary SQLite database through the real backend code (``rebuild_modelsearch_index``)
and answer through the real query path (``backend.search(...)``). For each kind of
query it prints p50/p95 latency of a results page (the first 20 objects, as the
search page asks) and of an exact count (as a paginator asks).
"""

import argparse
import bisect
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PAGE = 20

# Community-governance sentences, each mixed into a document with the given probability.
DOMAIN_SENTENCES = [
    (0.03, "经居民代表大会表决，幸福社区居民公约第{n}条修订通过"),
    (0.04, "本季度议事会收到{n}条居民议事提案"),
    (0.02, "会议纪要已张贴在公告栏，共{n}页"),
    (0.005, "人口学校开设青春期健康课程，共{n}课时"),
    (0.01, "建筑工地夜间施工噪音影响居民休息，已向城管反映{n}次"),
    (0.01, "小区停车位不足，业委会提出增加{n}个车位"),
    (0.01, "垃圾分类志愿者每周值班{n}次"),
    (0.01, "流动人口租房登记需要带身份证，办理时间约{n}天"),
    (0.01, "市场摊位费用每月{n}元，由协会统一收取"),
    (0.005, "外来务工人员子女入学需提前{n}个月申请"),
]
QUERIES = {
    "one word": ["公约", "议事", "纪要", "青春期", "建筑工地", "停车位"],
    "two words": ["公约 表决", "建筑工地 噪音", "流动人口 租房", "市场 摊位", "议事 纪要"],
    "phrase": ["居民公约", "夜间施工噪音", "垃圾分类", "外来务工人员子女"],
}


class Corpus:
    """Reproducible (title, body) pairs."""

    def __init__(self, seed, vocabulary_size=60_000):
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        words = sorted(
            (
                (freq, word)
                for word, freq in jieba.dt.FREQ.items()
                if freq > 0 and all("\u4e00" <= char <= "\u9fff" for char in word)
            ),
            reverse=True,
        )[:vocabulary_size]
        self.words = [word for _, word in words]
        self.cum_weights = list(itertools.accumulate(freq for freq, _ in words))
        self.rng = random.Random(seed)

    def _words(self, count):
        total = self.cum_weights[-1]
        return [
            self.words[bisect.bisect(self.cum_weights, self.rng.random() * total)]
            for _ in range(count)
        ]

    def _sentence(self):
        return "".join(self._words(self.rng.randint(4, 14))) + self.rng.choice("，，，。。；")

    def document(self):
        rng = self.rng
        # Lengths skew short, like notices and comments, with a long tail of minutes.
        target = min(1500, max(80, int(rng.lognormvariate(5.8, 0.7))))
        sentences = [
            template.format(n=rng.randint(1, 30))
            for probability, template in DOMAIN_SENTENCES
            if rng.random() < probability
        ]
        length = sum(map(len, sentences))
        while length < target:
            sentence = self._sentence()
            sentences.append(sentence)
            length += len(sentence)
        rng.shuffle(sentences)
        title = "".join(self._words(rng.randint(2, 5)))
        return title, "".join(sentences)

    def documents(self, count):
        return [self.document() for _ in range(count)]


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples) * 1000, p95 * 1000


def load_average():
    """The machine is shared: say how busy it was (1, 5 and 15-minute load averages)."""
    return "load average " + ", ".join(f"{load:.2f}" for load in os.getloadavg())


def run_queries(backend, model, repeats):
    from modelsearch.query import Phrase, PlainText

    print(f"  queries start: {load_average()}")
    for label, queries in QUERIES.items():
        page_times, count_times, hits = [], [], []
        for _ in range(repeats):
            for text in queries:
                query = Phrase(text) if label == "phrase" else PlainText(text, operator="and")
                start = time.perf_counter()
                list(backend.search(query, model)[:PAGE])
                page_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                hits.append(backend.search(query, model).count())
                count_times.append(time.perf_counter() - start)
        page, count = percentiles(page_times), percentiles(count_times)
        print(
            f"  {label:<10} page p50 {page[0]:7.1f} ms  p95 {page[1]:7.1f} ms | "
            f"count p50 {count[0]:7.1f} ms  p95 {count[1]:7.1f} ms | "
            f"hits/query {statistics.mean(hits):,.0f}"
        )
    print(f"  queries end:   {load_average()}")


def directory_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def setup_django(workdir, procs):
    import django
    from django.conf import settings

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
        MODELSEARCH_BACKENDS={
            "default": {
                "BACKEND": "portal.search.backend",
                "PATH": workdir / "whoosh",
                "REBUILD_PROCS": procs,
            },
            "db": {"BACKEND": "modelsearch.backends.database"},
        },
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )
    django.setup()


def bench(backend_name, label, repeats, size, reuse):
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend
    from modelsearch.test.testapp.models import Book

    count = Book.objects.count()
    if reuse:
        print(f"{label}: reusing the index of {count:,} docs, {size()}")
    else:
        start = time.perf_counter()
        call_command("rebuild_modelsearch_index", backend_name=backend_name, verbosity=0)
        elapsed = time.perf_counter() - start
        print(
            f"{label}: indexed {count:,} docs in {elapsed:,.0f} s "
            f"({count / elapsed:,.0f} docs/s), {size()}"
        )
    run_queries(get_search_backend(backend_name), Book, repeats)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=10, help="runs of each query")
    parser.add_argument("--procs", type=int, default=2, help="indexing processes (Whoosh)")
    parser.add_argument("--no-db", action="store_true", help="skip modelsearch's DB backend")
    parser.add_argument("--workdir", type=Path, help="keep (or reuse) the corpus and indexes here")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="yishi-bench-"))
    reuse = (workdir / "done").exists()
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        setup_django(workdir, args.procs)
        from django.core.management import call_command
        from modelsearch.test.testapp.models import Book

        if not reuse:
            call_command("migrate", verbosity=0)
            Book.objects.bulk_create(
                (
                    Book(
                        title=title, summary=body, publication_date="2025-01-01", number_of_pages=1
                    )
                    for title, body in Corpus(args.seed).documents(args.docs)
                ),
                batch_size=2000,
            )
        docs = Book.objects.count()
        chars = sum(
            len(title) + len(body) for title, body in Book.objects.values_list("title", "summary")
        )
        print(
            f"Corpus: {docs:,} docs, {chars / docs:,.0f} characters on average, "
            f"seed {args.seed}; {args.repeats} runs of each query"
        )
        bench(
            "default",
            f"Whoosh + jieba ({args.procs} indexing processes)",
            args.repeats,
            lambda: f"index {directory_size(workdir / 'whoosh') / 2**20:,.0f} MiB",
            reuse,
        )
        if not args.no_db:
            bench(
                "db",
                "Database backend (SQLite FTS5)",
                args.repeats,
                lambda: f"database {(workdir / 'db.sqlite3').stat().st_size / 2**20:,.0f} MiB",
                reuse,
            )
        (workdir / "done").touch()
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
