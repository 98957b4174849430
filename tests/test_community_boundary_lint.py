"""No hand-written community boundary outside portal/boundary.py.

"Superusers see everything, others their own community" is written once, in
``portal.boundary`` (``.within(user)``, ``within()``, ``outside()``, ``within_generic()``)
and the rule predicates built on it (``portal.rules.in_users_community``,
``is_member_of_community``, ``is_staff_of_community``). This test reads the runtime code
and fails on the shapes a hand-written boundary takes, so that none comes back:

- a filter by the user's community: ``filter(community=request.user.community_id)``,
  ``covenant__community_id=user.community_id``;
- a comparison with it: ``user.community_id == obj.community_id``;
- a superuser test followed by a community filter: ``if user.is_superuser: return qs``.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "governance", "training", "pages"]
ALLOWED = {Path("portal/boundary.py")}

FILTER = re.compile(r"(\b|__)community(_id)?\s*=\s*[\w.]*\buser\.community(_id)?\b")
COMPARISON = re.compile(
    r"\buser\.community(_id)?\s*[!=]=|[!=]=\s*[\w.()]*\buser\.community(_id)?\b"
)
SUPERUSER_TEST = re.compile(r"^\s*(if|elif)\b.*\bis_superuser\b")
COMMUNITY = re.compile(r"community")


def runtime_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or relative in ALLOWED:
                continue
            yield relative


def code_lines(path, root=ROOT):
    """``(number, line)`` for the lines of code (docstrings and comments blanked out)."""
    source = (root / path).read_text()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if docstring and isinstance(node.value.value, str):
            for number in range(node.lineno, node.end_lineno + 1):
                lines[number - 1] = ""
    return [(number, line.split("#", 1)[0]) for number, line in enumerate(lines, start=1)]


def hand_written_boundaries(path, root=ROOT):
    lines = code_lines(path, root)
    found = []
    for index, (number, line) in enumerate(lines):
        if FILTER.search(line) or COMPARISON.search(line):
            found.append(f"{path}:{number}: {line.strip()}")
        if SUPERUSER_TEST.search(line):
            following = lines[index : index + 4]
            if any(COMMUNITY.search(text) for _number, text in following):
                found.append(f"{path}:{number}: {line.strip()}")
    return found


def test_the_lint_finds_the_shapes_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def listing(request, matters):\n"
        "    if request.user.is_superuser:\n"
        "        return matters\n"
        "    return matters.filter(community=request.user.community_id)\n"
        "\n"
        "def rule(user, obj):\n"
        "    return user.community_id == obj.community_id\n"
        "\n"
        "def versions(user, qs):\n"
        "    return qs.filter(covenant__community_id=user.community_id)\n"
    )
    found = hand_written_boundaries(Path("sample.py"), root=tmp_path)
    assert [line.split(":")[1] for line in found] == ["2", "4", "7", "10"]


@pytest.mark.parametrize("path", list(runtime_files()), ids=str)
def test_no_hand_written_community_boundary(path):
    found = hand_written_boundaries(path)
    assert not found, "Use portal.boundary (within/outside) or portal.rules:\n" + "\n".join(found)
