"""Load benchmark: the portal under gunicorn, side by side with a bare Django view.

A script that prints figures (and writes tests/perf/results/<timestamp>.json); never a test.
It needs a database holding a generated district (``manage.py generate_district``), then:

    .venv/bin/python tests/perf/load_benchmark.py \\
        --database-url postgres://postgres@127.0.0.1:5432/yishi_bench --duration 10

It starts two gunicorns on 127.0.0.1 (2 sync workers each, production settings, DEBUG off):
the portal, and the bare view in tests/perf/baseline/. Reads are driven with ``wrk``
(``apt-get install -y wrk``; without it a Python multi-process generator is used), writes
(votes, comments) with the Python generator, which records every request. Query counts are
measured in-process with Django's test client, on the district and on a small district.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
SECRET = "benchmark-only-" + "x" * 40
LUA = """
done = function(summary, latency, requests)
  io.write(string.format(
    "WRK_JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"bytes\\": %d, \\"non_2xx_3xx\\": %d, "
    .. "\\"socket_errors\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d}\\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/yishi_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    parser.add_argument("--duration", type=float, default=10, help="Seconds per page.")
    parser.add_argument("--connections", type=int, default=8, help="Concurrent connections.")
    parser.add_argument("--port", type=int, default=8731, help="Portal port (baseline: +1).")
    parser.add_argument("--pages", nargs="*", help="Only these pages (names as printed).")
    parser.add_argument(
        "--small-scale",
        type=float,
        default=0.02,
        help="Scale of the small district for the query-count comparison.",
    )
    parser.add_argument("--no-writes", action="store_true", help="Skip the vote/comment runs.")
    parser.add_argument("--python-load", action="store_true", help="Don't use wrk for reads.")
    parser.add_argument(
        "--var-dir",
        default=str(Path(tempfile.gettempdir()) / "yishi_bench_var"),
        help="YISHI_VAR_DIR for the portal: collected static files and the search index "
        "(build it first: manage.py update_index with the same YISHI_VAR_DIR).",
    )
    parser.add_argument("--queries-json", help=argparse.SUPPRESS)  # internal: small-data counts
    return parser.parse_args()


def configure(database_url, redis_url, var_dir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        YISHI_BALLOT_KEY="benchmark-only-ballot-key",
        YISHI_PAGE_CACHE_SECONDS=os.environ.get("YISHI_PAGE_CACHE_SECONDS", "600"),
        DATABASE_URL=database_url,
        YISHI_VAR_DIR=str(var_dir),
    )
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Query counts ---------------------------------------------------------------------------------


def query_counts():
    """{"anonymous": {...}, "signed_in": {...}} of (status, queries, bytes, repeated) per page."""
    from tests.perf import targets
    from tests.perf.queries import measure

    paths = targets.urls()
    anonymous = {n: paths[n] for n in targets.ANONYMOUS if n in paths}
    signed_in = {n: paths[n] for n in targets.SIGNED_IN}
    return {
        "anonymous": {n: vars(m) for n, m in measure(anonymous).items()},
        "signed_in": {n: vars(m) for n, m in measure(signed_in, targets.bench_user()).items()},
    }


def small_query_counts(scale):
    """Query counts on a small district in a throwaway SQLite file (a child process)."""
    var_dir = Path(tempfile.gettempdir()) / f"yishi_bench_small_{scale}"
    path = var_dir / "district.sqlite3"
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "YISHI_VAR_DIR": str(var_dir)}
    env.pop("REDIS_URL", None)
    if not path.exists():
        var_dir.mkdir(exist_ok=True)
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (
            ["migrate", "-v0"],
            ["generate_district", "--seed", "1", "--scale", str(scale)],
            ["update_index"],
        ):
            subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT, capture_output=True)
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--database-url",
            url,
            "--redis-url",
            "",
            "--var-dir",
            str(var_dir),
            "--queries-json",
            "-",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# Servers ----------------------------------------------------------------------------------------


def start_gunicorn(app, port, env):
    command = [
        str(VENV_BIN / "gunicorn"),
        app,
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            # Both workers load the application on their first requests: wait for that too.
            for _ in range(4):
                request(port, "GET", "/", timeout=120)
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"gunicorn {app} did not start on port {port}")


def worker_peak_kb(master):
    """Highest VmHWM (peak resident memory) among the gunicorn master's workers, in kB."""
    try:
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    except OSError:
        return None
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)))
    return max(peaks) if peaks else None


# HTTP helpers -----------------------------------------------------------------------------------


def request(port, method, path, headers=None, body=None, timeout=60):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def cookies_of(response):
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";")[0]
    return jar


def sign_in(port, phone, password):
    """Sign in through allauth's form, as a person would; returns the Cookie header."""
    response, html = request(port, "GET", "/accounts/login/")
    jar = cookies_of(response)
    html = html.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    field = "phone" if 'name="phone"' in html else "login"
    body = urlencode({"csrfmiddlewaretoken": token, field: phone, "password": password})
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    response, _ = request(
        port,
        "POST",
        "/accounts/login/",
        {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
        body,
    )
    jar.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"Sign-in as {phone} failed (HTTP {response.status}).")
    # A browser shows the "signed in" message on the next page and drops its cookie.
    jar.pop("messages", None)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def page_weight(html):
    """Bytes of the page's HTML plus the CSS and JS files it links, and images not lazy."""
    from django.conf import settings

    total = len(html)
    text = html.decode(errors="replace")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    for url in assets:
        if url.startswith(settings.STATIC_URL):
            file = Path(settings.STATIC_ROOT) / url[len(settings.STATIC_URL) :].split("?")[0]
            total += file.stat().st_size if file.exists() else 0
    eager = [img for img in re.findall(r"<img[^>]*>", text) if 'loading="lazy"' not in img]
    return total, len(eager)


# Load generators --------------------------------------------------------------------------------


def wrk(port, path, duration, connections, cookie=None):
    """GET ``path`` for ``duration`` seconds over ``connections`` connections."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    return _run_wrk(LUA, "yishi_bench_wrk.lua", port, path, duration, connections, headers)


def _run_wrk(lua, script_name, port, path, duration, connections, extra=(), threads=2):
    script = Path(tempfile.gettempdir()) / script_name
    script.write_text(lua)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        *extra,
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(output.split("WRK_JSON ", 1)[1].splitlines()[0])
    seconds = data["duration_us"] / 1e6
    failed = data["non_2xx_3xx"] + data["socket_errors"]
    return {
        "requests": data["requests"],
        "failed": failed,
        "rps": round((data["requests"] - failed) / seconds, 1),
        "p50_ms": data["p50"] / 1000,
        "p95_ms": data["p95"] / 1000,
        "p99_ms": data["p99"] / 1000,
        "tool": "wrk",
    }


WRITES_LUA = (
    """
local requests = {REQUESTS}
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("first", #threads)
  thread:set("step", THREADS)
end
init = function(args)
  i = first
end
request = function()
  local r = requests[i]
  if r == nil then  -- every request of this thread's share is sent: stop, resend the last
    wrk.thread:stop()
    r = requests[i - step]
  else
    i = i + step
  end
  return wrk.format("POST", r[1], {["Cookie"] = r[3], ["X-CSRFToken"] = r[4],
    ["Content-Type"] = "application/x-www-form-urlencoded"}, r[2])
end
"""
    + LUA
)


def _lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_writes(port, specs, duration, connections, threads=2):
    """POST each of ``specs`` (method, path, headers, body, tag) at most once with wrk, the
    threads taking turns through the list; returns the same summary as ``wrk()``."""
    rows = []
    for _method, path, headers, body, _tag in specs:
        cookie, token = headers["Cookie"], headers["X-CSRFToken"]
        rows.append("{" + ",".join(_lua_string(v) for v in (path, body, cookie, token)) + "}")
    lua = WRITES_LUA.replace("REQUESTS", ",\n".join(rows), 1).replace("THREADS", str(threads), 1)
    script = "yishi_bench_writes.lua"
    return _run_wrk(lua, script, port, "/", duration, connections, threads=threads)


def _drive(args):
    """One load process: send its requests in turn (cycling when ``cycle``) until the deadline."""
    port, specs, deadline, cycle = args
    done = []
    i = 0
    while time.time() < deadline and (cycle or i < len(specs)):
        method, path, headers, body, tag = specs[i % len(specs)]
        started = time.perf_counter()
        try:
            response, _ = request(port, method, path, headers, body)
            status = response.status
        except OSError:
            status = 0
        done.append((tag, status, time.perf_counter() - started))
        i += 1
    return done


def python_load(port, specs_per_process, duration, cycle=True):
    """Requests from several processes; returns (summary, [(tag, status, seconds)])."""
    deadline = time.time() + duration
    started = time.time()
    with multiprocessing.get_context("fork").Pool(len(specs_per_process)) as pool:
        chunks = pool.map(_drive, [(port, s, deadline, cycle) for s in specs_per_process])
    elapsed = time.time() - started
    done = [row for chunk in chunks for row in chunk]
    ok = [row for row in done if 200 <= row[1] < 400]
    latencies = sorted(row[2] for row in done) or [0]

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 2)

    summary = {
        "requests": len(done),
        "failed": len(done) - len(ok),
        "rps": round(len(ok) / elapsed, 1),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "tool": f"python x{len(specs_per_process)}",
    }
    return summary, done


# Writes -----------------------------------------------------------------------------------------


def voter_sessions(count):
    """Signed-in sessions for ``count`` verified residents of the benchmark community, created
    directly in the session store (signing in 500 people through the form would take minutes
    of password hashing and is not what is measured)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from portal.models import User
    from tests.perf import targets

    bench = targets.bench_user()
    people = User.objects.filter(community=bench.community_id, verified_at__isnull=False)
    sessions = []
    for user in people.exclude(pk=bench.pk).order_by("pk")[:count]:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and header
        headers = {
            "Cookie": f"sessionid={store.session_key}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        sessions.append((user.pk, headers))
    return sessions


def vote_run(port, duration, processes, use_wrk):
    """Many residents vote on the open session's matters, each (person, matter) once."""
    from django.db import connections
    from django.db.models import Count
    from django.urls import reverse

    from governance.models import Matter, Participation
    from tests.perf import targets

    session = targets.bench_session()
    matters = list(Matter.objects.filter(session=session, state="accepted").order_by("pk"))
    participations = Participation.objects.filter(matter__in=matters)
    voted = set(participations.values_list("voter_id", "matter_id"))
    pairs = []
    for user, headers in voter_sessions(2000):  # every verified resident of the community
        for matter in matters:
            if (user, matter.pk) not in voted:
                body = urlencode({"choice": secrets.choice(["for", "against", "abstain"])})
                pairs.append(
                    (
                        "POST",
                        reverse("governance:vote", args=[matter.pk]),
                        headers,
                        body,
                        (user, matter.pk),
                    )
                )
    if len(pairs) < duration * 1000:
        raise SystemExit(
            f"Only {len(pairs)} people and matters are left without a vote in the benchmark "
            "session (earlier runs used them): generate the district again."
        )
    connections.close_all()
    votes_before = participations.count()
    if use_wrk:
        # wrk costs the two cores far less than Python clients do. Each (person, matter) is
        # sent once, so every acknowledged request must be exactly one new vote; requests
        # still in flight when the run stops may be stored without being counted.
        summary = wrk_writes(port, pairs, duration, processes)
        succeeded = summary["requests"] - summary["failed"]
        new_votes = participations.count() - votes_before
        lost = max(0, succeeded - new_votes)
        unexpected = max(0, new_votes - succeeded - processes)
        summary.update(successful_pairs=succeeded, votes_stored=new_votes)
    else:
        summary, done = python_load(
            port, [pairs[i::processes] for i in range(processes)], duration, cycle=False
        )
        succeeded = {tag for tag, status, _ in done if status == 302}
        stored = set(participations.values_list("voter_id", "matter_id")) - voted
        lost, unexpected = len(succeeded - stored), len(stored - succeeded)
        summary.update(successful_pairs=len(succeeded), votes_stored=len(stored))
    doubled = (
        participations.values("voter_id", "matter_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    tallies_ok = tallies_match_votes(matters)
    summary.update(
        lost=lost,
        unexpected=unexpected,
        doubled=doubled,
        tallies_match_votes=tallies_ok,
        check="ok" if not (lost or unexpected or doubled) and tallies_ok else "MISMATCH",
    )
    return summary


def tallies_match_votes(matters):
    """Do the online totals shown in results equal the ballots stored, matter by matter?"""
    from django.db.models import Count, F, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from governance.models import Ballot, Tally

    # One statement, so that votes still committing as the run stops can't fall between them.
    votes = Ballot.objects.filter(matter=OuterRef("matter")).order_by().values("matter")
    return not (
        Tally.objects.filter(matter__in=matters)
        .annotate(votes=Coalesce(Subquery(votes.annotate(n=Count("pk")).values("n")), 0))
        .exclude(votes=F("online_for") + F("online_against") + F("online_abstain"))
        .exists()
    )


def comment_run(port, duration, processes):
    """Residents post comments on the open session's matters (the busiest one included)."""
    from django.db import connections
    from django_comments.forms import CommentSecurityForm
    from django_comments_xtd.models import XtdComment

    from governance.models import Matter
    from tests.perf import targets

    matters = list(Matter.objects.filter(session=targets.bench_session(), state="accepted")[:5])
    before = XtdComment.objects.filter(object_pk__in=[str(m.pk) for m in matters]).count()
    specs = []
    run = secrets.token_hex(3)
    for n, (user, headers) in enumerate(voter_sessions(200) * 5):
        matter = matters[n % len(matters)]
        data = CommentSecurityForm(matter).generate_security_data()
        data.update(
            # Unique to this run: the same person repeating a comment within minutes is
            # taken for a double tap and not stored twice.
            comment=f"压力测试评论：菜市场门口三轮车的事，我再补充一点意见。（{run}-{n}）",
            reply_to=0,
            honeypot="",
            next=matter.get_absolute_url(),
        )
        specs.append(("POST", "/comments/post/", headers, urlencode(data), (user, n)))
    connections.close_all()
    summary, done = python_load(
        port, [specs[i::processes] for i in range(processes)], duration, cycle=False
    )
    after = XtdComment.objects.filter(object_pk__in=[str(m.pk) for m in matters]).count()
    ok = sum(1 for _, status, _ in done if status == 302)
    summary.update(
        comments_stored=after - before,
        successful=ok,
        check="ok" if after - before == ok else "MISMATCH",
    )
    return summary


# Main -------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    configure(args.database_url, args.redis_url, args.var_dir)
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # production uses the manifest
    if args.queries_json:
        print(json.dumps(query_counts()))
        return

    from pages.district import PASSWORD, bench_phone
    from tests.perf import targets

    load_before = os.getloadavg()
    print(f"Load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    print("Counting queries in-process (district data) …")
    district_counts = query_counts()
    print(f"Counting queries on a small district (scale {args.small_scale}) …")
    small_counts = small_query_counts(args.small_scale)
    paths = targets.urls()

    env = dict(os.environ)
    use_wrk = shutil.which("wrk") and not args.python_load
    if not use_wrk and not args.python_load:
        print("wrk is not installed (apt-get install -y wrk): using the Python load generator.")
    portal = start_gunicorn("portal.wsgi:application", args.port, env)
    baseline_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.perf.baseline.settings"}
    baseline = start_gunicorn("tests.perf.baseline.wsgi:application", args.port + 1, baseline_env)
    results = {"pages": {}, "writes": {}}
    try:
        cookie = sign_in(args.port, bench_phone()[3:], PASSWORD)

        def read(port, path, cookie=None):
            if use_wrk:
                return wrk(port, path, args.duration, args.connections, cookie)
            headers = {"Cookie": cookie} if cookie else {}
            spec = [("GET", path, headers, None, None)]
            return python_load(port, [spec] * args.connections, args.duration)[0]

        base = read(args.port + 1, "/")
        results["baseline"] = base
        print(f"Baseline (bare Django view): {base['rps']} req/s, p50 {base['p50_ms']} ms")
        pages = [(n, False) for n in targets.ANONYMOUS] + [(n, True) for n in targets.SIGNED_IN]
        for name, signed_in in pages:
            if args.pages and name not in args.pages:
                continue
            if name not in paths:
                results["pages"][name] = {"note": "page not installed"}
                continue
            headers = {"Cookie": cookie} if signed_in else {}
            response, html = request(args.port, "GET", paths[name], headers)
            weight, eager_images = page_weight(html)
            figures = read(args.port, paths[name], cookie if signed_in else None)
            group = "signed_in" if signed_in else "anonymous"
            figures.update(
                path=paths[name],
                signed_in=signed_in,
                status=response.status,
                ratio=round(figures["rps"] / base["rps"], 3) if base["rps"] else None,
                html_bytes=len(html),
                page_weight_bytes=weight,
                eager_images=eager_images,
                queries_small=small_counts[group].get(name, {}).get("queries"),
                queries_district=district_counts[group][name]["queries"],
                repeated_statements=district_counts[group][name]["repeated"],
                cpu_ms_in_process=district_counts[group][name]["cpu_ms"],
                worker_peak_kb=worker_peak_kb(portal),
                load_average=os.getloadavg()[0],
            )
            results["pages"][name] = figures
            print(
                f"  {name:22} {figures['rps']:8.1f} req/s  ×{figures['ratio']}  "
                f"q {figures['queries_small']}→{figures['queries_district']}"
            )
        if not args.no_writes:
            results["writes"]["votes"] = vote_run(
                args.port, args.duration, args.connections, use_wrk
            )
            results["writes"]["comments"] = comment_run(args.port, args.duration, args.connections)
            for name, figures in results["writes"].items():
                print(f"  {name:22} {figures['rps']:8.1f} req/s  check: {figures['check']}")
        results["worker_peak_kb"] = worker_peak_kb(portal)
    finally:
        portal.terminate()
        baseline.terminate()
        portal.wait()
        baseline.wait()

    results.update(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        load_average_before=load_before,
        load_average_after=os.getloadavg(),
        config={
            "database": args.database_url.rsplit("@", 1)[-1],
            "duration_s": args.duration,
            "connections": args.connections,
            "workers": 2,
            "worker_class": "sync",
            "cpus": os.cpu_count(),
            "reads": "wrk" if use_wrk else "python",
        },
    )
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Written {out.relative_to(ROOT)}")


def print_table(results):
    base = results["baseline"]
    print(f"\nBaseline: {base['rps']} req/s (p50 {base['p50_ms']} ms, p99 {base['p99_ms']} ms)")
    print(
        f"{'page':22} {'req/s':>8} {'ratio':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'queries':>9} {'cpu ms':>7} {'HTML KB':>8} {'+CSS/JS':>8} {'peak MB':>8} {'load':>5}"
    )
    for name, f in results["pages"].items():
        if "rps" not in f:
            print(f"{name:22} {f['note']}")
            continue
        print(
            f"{name:22} {f['rps']:8.1f} {f['ratio']:6.3f} {f['p50_ms']:7.1f} {f['p95_ms']:7.1f} "
            f"{f['p99_ms']:7.1f} {str(f['queries_small']) + '→' + str(f['queries_district']):>9} "
            f"{f['cpu_ms_in_process']:7.1f} {f['html_bytes'] / 1024:8.1f} "
            f"{f['page_weight_bytes'] / 1024:8.1f} {(f['worker_peak_kb'] or 0) / 1024:8.1f} "
            f"{f['load_average']:5.1f}"
        )
    for name, f in results["writes"].items():
        print(
            f"{name:22} {f['rps']:8.1f} {f['rps'] / base['rps']:6.3f} {f['p50_ms']:7.1f} "
            f"{f['p95_ms']:7.1f} {f['p99_ms']:7.1f}  check {f['check']}"
        )
    print(f"Load average after: {results['load_average_after'][0]:.2f}")


if __name__ == "__main__":
    main()
