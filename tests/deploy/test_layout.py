"""deploy/ and the README's "Production" section describe the same thing, and the files
in deploy/ agree with each other and with the production settings."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())


def production_section():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Production")
    return readme[start : readme.index("\n## ", start + 1)]


def test_every_file_in_deploy_is_in_the_readme_and_every_one_named_there_exists():
    section = production_section()
    shipped = {p.relative_to(DEPLOY).as_posix() for p in DEPLOY.rglob("*") if p.is_file()}
    missing = {
        name for name in shipped if f"`{name}`" not in section and f"deploy/{name}" not in section
    }
    assert missing == set()
    named = set(re.findall(r"deploy/([\w./-]+\w)", section))
    named |= set(re.findall(r"`((?:nginx|systemd)/[\w.-]+)`", section))
    assert named and {name for name in named if not (DEPLOY / name).exists()} == set()


def test_units_run_commands_that_exist_with_the_shipped_files():
    commands = get_commands()
    for unit in UNITS:
        text = unit.read_text()
        for manage in re.findall(r"manage\.py (\w+)", text):
            assert manage in commands, (unit.name, manage)
        if unit.suffix == ".service":
            assert "EnvironmentFile=/etc/yishi/yishi.env" in text
            assert "WorkingDirectory=/srv/yishi" in text
    web = (DEPLOY / "systemd" / "yishi-web.service").read_text()
    assert "--config deploy/gunicorn.conf.py" in web
    for timer in ("yishi-daily", "yishi-backup"):
        assert (DEPLOY / "systemd" / f"{timer}.timer").exists()
        assert (DEPLOY / "systemd" / f"{timer}.service").exists()


def test_nginx_gunicorn_and_settings_agree_on_ports_and_paths():
    nginx = (DEPLOY / "nginx" / "yishi.conf").read_text()
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    env = dict(
        line.split("=", 1)
        for line in (DEPLOY / "yishi.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    bind = re.search(r'^bind = "([^"]+)"', gunicorn, re.MULTILINE)[1]
    assert f"server {bind};" in nginx
    var = env["YISHI_VAR_DIR"]
    assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    # Production's STATIC_ROOT and MEDIA_ROOT are these (tests/deploy/test_checks.py).
    assert f"alias {var}/static/;" in nginx and f"alias {var}/media/;" in nginx
    directives = "\n".join(line.split("#")[0] for line in nginx.splitlines())
    assert "private_media" not in directives
    assert "X-Forwarded-Proto $scheme" in nginx
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx


def test_the_units_pass_systemds_own_verification(tmp_path):
    """With the checkout's paths replaced by this machine's, where systemd is present."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return
    python = Path(sys.executable)
    gunicorn = python.with_name("gunicorn")
    for unit in UNITS:
        text = unit.read_text()
        text = text.replace("/srv/yishi/.venv/bin/python", str(python))
        text = text.replace("/srv/yishi/.venv/bin/gunicorn", str(gunicorn))
        (tmp_path / unit.name).write_text(text)
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / unit.name) for unit in UNITS)],
        capture_output=True,
        text=True,
    )
    problems = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and "yishi" in line  # not the host's own units
    ]
    assert problems == []
