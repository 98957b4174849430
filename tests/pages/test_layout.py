"""``pages`` composes, ``pages.associations`` is an app below it: imports point one way.

Read from the source (not by importing, which Django's app loading does for every app
anyway): the composing layer never imports the associations (the demo and the district
generator, which fill every app, aside), and no runtime module imports factory_boy.
"""

import ast
from pathlib import Path

from django.conf import settings

PAGES = Path(settings.BASE_DIR) / "pages"
# Fill every app with data; they may name the associations (they move out of pages later).
FILLERS = {"demo.py", "district.py"}


def imported_modules(path):
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PAGES.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, [base, node.module or ""]))
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def runtime_modules():
    return [path for path in PAGES.rglob("*.py") if "migrations" not in path.parts]


def test_the_composing_layer_does_not_import_the_associations():
    offenders = {
        str(path.relative_to(PAGES.parent)): name
        for path in runtime_modules()
        if "associations" not in path.relative_to(PAGES).parts[:-1]
        and path.name not in FILLERS
        and "management" not in path.parts
        for name in imported_modules(path)
        if name.startswith("pages.associations")
    }
    assert offenders == {}


def test_no_runtime_module_imports_factory_boy():
    offenders = {
        str(path.relative_to(PAGES.parent)): name
        for path in runtime_modules()
        for name in imported_modules(path)
        if name.split(".")[0] in {"factory", "wagtail_factories"} or ".factories" in name
    }
    assert offenders == {}
