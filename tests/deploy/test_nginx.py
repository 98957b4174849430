"""The shipped production layout, started for real: nginx with deploy/nginx/yishi.conf
(only its ports, paths and certificate moved to a temporary directory) in front of
gunicorn with deploy/gunicorn.conf.py, running the production settings on SQLite.

Checks what a first deployment needs: nginx serves the collected static files and the
public uploads, never the private ones; the portal sees the client's address from
X-Forwarded-For and honours HTTPS (Secure cookies, CSRF) from X-Forwarded-Proto; a
stopped gunicorn shows the offline page instead of a bare error.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.nginx

ROOT = Path(__file__).resolve().parents[2]
HOST = "yishi.example.org"
CLIENT = "127.0.0.5"  # a loopback address of its own, so nginx sees a distinct client
SECRET = b"private: the resident's own photo"


def nginx_binary():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), None
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, env):
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def site_file(var, certs, app_port, http_port, https_port, webroot):
    """deploy/nginx/yishi.conf with its machine-specific values replaced; each must be
    found, so this test breaks if the shipped file changes shape."""
    text = (ROOT / "deploy" / "nginx" / "yishi.conf").read_text()
    replacements = [
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{app_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/letsencrypt/live/yishi.example.org/", f"{certs}/"),
        ("/var/lib/yishi/", f"{var}/"),
        ("root /var/www/html;", f"root {webroot};"),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/nginx/yishi.conf no longer has {old!r}"
        text = text.replace(old, new)
    # The test machine may have no IPv6 loopback.
    return re.sub(r"^\s*listen \[::\]:\d+.*$", "", text, flags=re.MULTILINE)


class Stack:
    def __init__(self, base):
        self.base = base
        self.var = base / "var"
        self.http_port, self.https_port, self.app_port = free_port(), free_port(), free_port()
        self.gunicorn = None
        self.log = []

    def request(self, method, path, headers=None, body=None, https=True, port=None):
        headers = {"Host": HOST, **(headers or {})}
        if https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                port or self.https_port,
                context=context,
                source_address=(CLIENT, 0),
                timeout=60,
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", port or self.http_port, source_address=(CLIENT, 0), timeout=60
            )
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.data = response.read()
        connection.close()
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


@pytest.fixture
def stack(tmp_path_factory):
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx; .ci/run does)")
    stack = Stack(tmp_path_factory.mktemp("production"))
    base, var = stack.base, stack.var
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "nginx-test-" + "x" * 40,
        "YISHI_BALLOT_KEY": "nginx-ballot-" + "b" * 40,
        "ALLOWED_HOSTS": HOST,
        "YISHI_VAR_DIR": str(var),
        "YISHI_TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("MEDIA_ROOT", None)
    env.pop("PRIVATE_MEDIA_ROOT", None)
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput", "--verbosity", "0"], env)
    run([python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    for path, data in {
        var / "private_media" / "matters" / "2026" / "03" / "secret.jpg": SECRET,
        var / "media" / "documents" / "secret.pdf": SECRET,
        var / "media" / "original_images" / "public.jpg": b"\xff\xd8 a public picture",
    }.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    certs = base / "certs"
    certs.mkdir()
    run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST}",
            "-keyout",
            str(certs / "privkey.pem"),
            "-out",
            str(certs / "fullchain.pem"),
        ],
        env,
    )
    (base / "webroot").mkdir()
    (base / "site.conf").write_text(
        site_file(var, certs, stack.app_port, stack.http_port, stack.https_port, base / "webroot")
    )
    (base / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""pid {base}/nginx.pid;
error_log {base}/error.log;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {base}/access.log;
    client_body_temp_path {base}/body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
    include {base}/site.conf;
}}
"""
    )
    nginx_command = [
        nginx,
        "-p",
        str(base),
        "-e",
        str(base / "error.log"),
        "-c",
        str(base / "nginx.conf"),
    ]
    run([*nginx_command, "-t"], env)

    # gunicorn with the shipped configuration, on a free port; ready once a worker booted.
    stack.gunicorn = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "tests.deploy.forwarded_wsgi:application",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{stack.app_port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in stack.gunicorn.stderr:
        stack.log.append(line)
        if "Booting worker" in line:
            break
    else:
        pytest.fail("gunicorn did not start:\n" + "".join(stack.log))
    drain = threading.Thread(target=lambda: stack.log.extend(stack.gunicorn.stderr), daemon=True)
    drain.start()
    # nginx daemonises once its sockets listen.
    run(nginx_command, env)
    yield stack
    subprocess.run([*nginx_command, "-s", "stop"], cwd=ROOT, env=env, capture_output=True)
    if stack.gunicorn.poll() is None:
        stack.gunicorn.terminate()
        stack.gunicorn.wait(timeout=30)


def pages_link_to_collected_static_files_that_nginx_serves(stack):
    home = stack.get("/")
    assert home.status == 200, home.data[:2000]
    manifest = json.loads((stack.var / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert f"/static/{hashed}" in home.data.decode()
    css = stack.get(f"/static/{hashed}")
    # gunicorn under the production settings serves no static file: this is nginx.
    assert css.status == 200 and css.getheader("Content-Type") == "text/css"
    assert css.getheader("Cache-Control") == "max-age=2592000"
    assert css.getheader("X-Content-Type-Options") == "nosniff"


def public_uploads_are_served_and_private_ones_never(stack):
    public = stack.get("/media/original_images/public.jpg")
    assert public.status == 200 and public.getheader("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in public.getheader("Content-Security-Policy")
    for path in [
        "/private_media/matters/2026/03/secret.jpg",
        "/media/../private_media/matters/2026/03/secret.jpg",
        "/media/..%2fprivate_media/matters/2026/03/secret.jpg",
        "/media/%2e%2e/private_media/matters/2026/03/secret.jpg",
        "/static/../private_media/matters/2026/03/secret.jpg",
        "/static/..%2f..%2fprivate_media/matters/2026/03/secret.jpg",
        "/media/documents/secret.pdf",
    ]:
        response = stack.get(path)
        assert response.status in (400, 403, 404), (path, response.status)
        assert SECRET not in response.data, path


def the_portal_sees_the_client_address_nginx_forwards(stack):
    forged = stack.get("/__forwarded__/", headers={"X-Forwarded-For": "203.0.113.9"})
    report = json.loads(forged.data)
    assert report["remote_addr"] == "127.0.0.1"  # every request comes from nginx
    # nginx appends the address it saw; a forged entry stays to the left of it.
    assert report["forwarded_for"] == f"203.0.113.9, {CLIENT}"
    assert report["forwarded_proto"] == "https"
    if report["client_ip"] is not None:  # portal.client_ip, YISHI_TRUSTED_PROXY_COUNT=1
        assert report["client_ip"] == CLIENT
    plain = json.loads(stack.get("/__forwarded__/").data)
    assert plain["forwarded_for"] == CLIENT
    if plain["client_ip"] is not None:
        assert plain["client_ip"] == CLIENT


def https_is_honoured_through_x_forwarded_proto(stack):
    login = stack.get("/accounts/login/")
    assert login.status == 200  # no redirect loop: the portal knows it was HTTPS
    cookies = login.headers.get_all("Set-Cookie")
    csrf = next(c for c in cookies if c.startswith("csrftoken="))
    assert "Secure" in csrf
    assert login.getheader("Strict-Transport-Security")
    # A form posted over the proxied HTTPS passes the CSRF origin checks.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.data.decode())[1]
    body = f"csrfmiddlewaretoken={token}&login=13800138999&password=wrong-password"
    posted = stack.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": csrf.split(";")[0],
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/accounts/login/",
        },
    )
    assert posted.status == 200, posted.data[:500]  # the form again, with its error; no 403

    # Plain HTTP goes to HTTPS at nginx; straight to gunicorn, without the header, the
    # portal itself redirects: the header is what tells it the request was secure.
    assert stack.get("/accounts/login/", https=False).status == 301
    direct = stack.get("/accounts/login/", https=False, port=stack.app_port)
    assert direct.status == 301 and direct.getheader("Location").startswith("https://")


def a_stopped_gunicorn_shows_the_offline_page(stack):
    stack.gunicorn.terminate()
    stack.gunicorn.wait(timeout=30)
    response = stack.get("/")
    assert response.status == 502
    assert "网站正在重启" in response.data.decode()


def test_the_shipped_production_layout(stack):
    """One stack for every check (starting it migrates and collects static files), in
    this order: the last one stops gunicorn."""
    pages_link_to_collected_static_files_that_nginx_serves(stack)
    public_uploads_are_served_and_private_ones_never(stack)
    the_portal_sees_the_client_address_nginx_forwards(stack)
    https_is_honoured_through_x_forwarded_proto(stack)
    a_stopped_gunicorn_shows_the_offline_page(stack)
