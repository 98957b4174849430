"""What a person sees on a page, checked in the browser: used by tests/test_page_quality.py.

``findings(page)`` returns a dict of check → list of problems (empty lists when the page is
fine):

- ``axe``: axe-core's violations of WCAG 2.1 A and AA (the script comes from the npm
  package, vendored in tests/vendor/axe-core, injected from the file: nothing is fetched);
- ``contrast``: every visible text, link and form field, against the background it is
  drawn on (our own walk of the ancestors' colours), at least 4.5:1 — axe leaves many of
  these to "needs review";
- ``overflow``: nothing wider than the 360 px window;
- ``targets``: buttons and links that are controls of their own (navigation, list items,
  chips, pagers) at least 44 × 44 px;
- ``language``: no English on Chinese pages, and no Chinese outside ``lang="zh-hans"`` on
  English pages;
- ``references``: every id that ``aria-describedby`` or ``aria-labelledby`` names exists
  (help texts and errors are announced).
"""

from pathlib import Path

HERE = Path(__file__).parent
AXE_SCRIPT = HERE / "vendor" / "axe-core" / "axe.min.js"
CHECKS_SCRIPT = (HERE / "quality_checks.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MIN_CONTRAST = 4.5
MIN_TARGET = 44
# Latin words that belong on a Chinese page: file formats and feed names.
ALLOWED_LATIN = ["RSS", "Atom", "CSV", "JSON", "PDF", "QR", "English"]

_AXE_RUN = """async (tags) => {
  const result = await axe.run(
    { exclude: [["wagtail-userbar"]] },
    { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] },
  );
  return result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""


def prepare(context):
    """Make axe-core available on every page ``context`` opens (from the local file)."""
    context.add_init_script(path=str(AXE_SCRIPT))


def findings(page):
    page.wait_for_load_state()
    found = page.evaluate(
        CHECKS_SCRIPT,
        {"minContrast": MIN_CONTRAST, "minTarget": MIN_TARGET, "allowedLatin": ALLOWED_LATIN},
    )
    found["axe"] = page.evaluate(_AXE_RUN, WCAG_TAGS)
    return found


def problems(page, label):
    """``findings`` as lines ``label · check · problem``, for one report over many pages."""
    return [
        f"{label} · {check} · {problem}"
        for check, found in findings(page).items()
        for problem in found
    ]
