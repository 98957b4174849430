"""Database queries per request, counted in-process with Django's test client."""

import re
import time
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings


@dataclass
class Measurement:
    status: int
    queries: int
    size: int  # bytes of the response body
    repeated: list  # [(times, statement shape)]: the same statement run again and again (N+1)
    cpu_ms: float  # CPU time of this process for the request: Python work, queueing excluded


def measure(paths, user=None):
    """{name: Measurement} for each of ``paths`` ({name: path}), read as ``user`` (or anonymous).

    Each page is fetched twice and the second fetch counted, so one-off work (content types
    and other caches filled on first use) doesn't count against the page. The page caches
    are off meanwhile: what is counted is the cost of rendering the page.
    """
    client = Client()
    if user is not None:
        client.force_login(user)
    results = {}
    with override_settings(YISHI_PAGE_CACHE_SECONDS=0):
        for name, path in paths.items():
            results[name] = _measure(client, path)
    return results


def _measure(client, path):
    client.get(path)
    started = time.process_time()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return Measurement(
        response.status_code,
        len(captured),
        len(response.content),
        repeated(q["sql"] for q in captured.captured_queries),
        round((time.process_time() - started) * 1000, 1),
    )


def repeated(statements, top=3):
    """Statements that differ only in their literal values and run more than twice."""
    shapes = Counter(re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:200] for sql in statements)
    return [(n, shape) for shape, n in shapes.most_common(top) if n > 2]
