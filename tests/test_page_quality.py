"""What a person sees, checked on every page type of the demo community at 360 px.

Each page, in Chinese and in English, signed out and signed in as the people who use it,
must pass tests/quality.py's checks: axe-core (WCAG 2.1 A and AA) with no violations,
contrast of every visible text at least 4.5:1, nothing wider than the phone, 44 px touch
targets, no English on Chinese pages and no unmarked Chinese on English ones. Where a page
shows the glossary's words (the ballot), they must read as the glossary says.

One demo, one browser and one tab per person, so the walk stays quick: the report lists
every problem of every page at once.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser_fixtures import PHONE, sign_in_as

from . import quality

pytestmark = pytest.mark.browser

# The demo's people (README), by the role they have.
RESIDENT = "13800138004"  # verified: may vote
NEWCOMER = "13800138005"  # not verified yet
LEADER = "13800138003"  # leads the market association
STAFF = "13800138001"  # community staff
TEACHER = "13800138002"  # population-school staff

# The glossary (docs: /work/shared/DOMAIN.md) on the ballot, in each language.
BALLOT = {"zh": ["赞成", "反对", "弃权"], "en": ["For", "Against", "Abstain"]}


def _demo(settings, index_dir):
    """Load the demo community and return the addresses of each page type in it.

    The search index is built once at the end rather than written at every save (most of
    the demo's loading time)."""
    from governance.covenant.models import CovenantPage
    from governance.models import Matter, SessionIndexPage, SessionPage
    from pages.associations.models import AssociationIndexPage, AssociationPage, Minutes
    from pages.models import HomePage, StandardPage
    from training.models import CourseIndexPage, CoursePage, Quiz

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.backend", "PATH": index_dir, "AUTO_UPDATE": False}
    }
    call_command("load_demo", stdout=io.StringIO())
    home = HomePage.objects.get()
    guide = home.add_child(
        instance=StandardPage(
            title="办事指南",
            slug="guide",
            introduction="到居委会办事，带上身份证或者居住证。",
            body=json.dumps(
                [
                    {"type": "heading", "value": "办理居住登记"},
                    {"type": "paragraph", "value": "<p>周一到周五上午在一楼办理。</p>"},
                ]
            ),
        )
    )
    voting = SessionPage.objects.get(slug="2026-q4")
    finished = SessionPage.objects.get(slug="2026-q3")
    market = AssociationPage.objects.get(slug="shichang")
    quiz = Quiz.objects.live().select_related("lesson").first()
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    return {
        "home": "/",
        "standard page": guide.url,
        "covenant": CovenantPage.objects.live().first().url,
        "session index": SessionIndexPage.objects.live().first().url,
        "session": voting.url,
        "finished session": finished.url,
        "matter": Matter.objects.filter(session=voting, state="accepted")
        .first()
        .get_absolute_url(),
        "results": reverse("governance:results", args=[finished.pk]),
        "course index": CourseIndexPage.objects.live().first().url,
        "course": CoursePage.objects.live().first().url,
        "lesson": quiz.lesson.url,
        "association index": AssociationIndexPage.objects.live().first().url,
        "association": market.url,
        "minutes": Minutes.objects.filter(association=market, status="published")
        .exclude(visibility="members")
        .first()
        .get_absolute_url(),
        "search": reverse("search") + "?q=公约",
        "search, fallback": reverse("search") + "?q=孩子打疫苗",
        "search, nothing": reverse("search") + "?q=" + "a" * 80,
        "log in": reverse("account_login"),
        "sign up": reverse("account_signup"),
        "SMS-code log in": reverse("account_request_login_code"),
        "password reset": reverse("account_reset_password"),
        "profile": reverse("profile"),
        "notifications": reverse("notifications"),
        "workbench": reverse("workbench"),
        "my learning": reverse("training:my_learning"),
        "password change": reverse("account_change_password"),
        "phone change": reverse("account_change_phone"),
        "two-factor set-up": reverse("mfa_activate_totp"),
    }


# Who looks at what: every page type signed out; signed in, the pages each person uses.
WALK = {
    None: [
        "home",
        "standard page",
        "covenant",
        "session index",
        "session",
        "finished session",
        "matter",
        "results",
        "course index",
        "course",
        "lesson",
        "association index",
        "association",
        "minutes",
        "search",
        "search, fallback",
        "search, nothing",
        "log in",
        "sign up",
        "SMS-code log in",
        "password reset",
    ],
    RESIDENT: [
        "home",
        "covenant",
        "session",
        "matter",
        "lesson",
        "minutes",
        "profile",
        "notifications",
        "my learning",
        "password change",
        "phone change",
    ],
    NEWCOMER: ["matter", "session", "profile"],
    LEADER: ["association", "minutes"],
    STAFF: ["session", "matter", "two-factor set-up", "workbench"],
    TEACHER: ["course", "lesson", "workbench"],
}


def _ballot_labels(page):
    return page.locator("form.vote label.choice").evaluate_all(
        "labels => labels.map(l => l.innerText.trim())"
    )


def test_every_page_type_passes_what_a_person_sees(browser, live_site, settings, tmp_path):
    from portal.models import User

    addresses = _demo(settings, tmp_path / "search_index")
    report, ballots = [], 0
    for phone, names in WALK.items():
        context = browser.new_context(
            viewport=PHONE, base_url=live_site.url, has_touch=True, is_mobile=True
        )
        quality.prepare(context)
        if phone:
            sign_in_as(context, User.objects.get(phone=f"+86{phone}"), live_site.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        for name in names:
            for language, prefix in (("zh", ""), ("en", "/en")):
                label = f"{name} ({language}, {phone or 'signed out'})"
                response = page.goto(prefix + addresses[name])
                if response.status != 200:
                    report.append(f"{label} · status {response.status}")
                    continue
                report.extend(quality.problems(page, label))
                if name == "matter" and phone == RESIDENT:
                    ballots += 1
                    if _ballot_labels(page) != BALLOT[language]:
                        report.append(f"{label} · glossary · ballot {_ballot_labels(page)}")
        context.close()
    assert ballots == 2, "the verified resident saw no ballot"
    assert report == [], "\n" + "\n".join(report)


@pytest.fixture
def tampered_page(browser, live_site):
    """A phone-sized tab whose tests break a page on purpose with inline styles, which the
    site's Content-Security-Policy would (rightly) refuse: the policy is bypassed here only."""
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        base_url=live_site.url,
        has_touch=True,
        is_mobile=True,
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_checks_see_white_links_on_a_white_page(tampered_page):
    page = tampered_page
    """The rule that hid every link of the account pages is caught by the contrast check
    (axe-core leaves it to "needs review")."""
    quality.prepare(page.context)
    page.goto(reverse("account_login"))
    assert quality.findings(page)["contrast"] == []

    page.add_style_tag(content=".account a{color:#fff}")

    hidden = quality.findings(page)["contrast"]
    assert any("注册" in problem for problem in hidden), hidden
    assert any("English" in problem for problem in hidden), hidden


def test_the_checks_see_english_on_a_chinese_page_and_unmarked_chinese_on_an_english_one(page):
    quality.prepare(page.context)
    page.goto(reverse("account_login"))
    assert quality.findings(page)["language"] == []
    page.evaluate("document.querySelector('h1').textContent = 'Sign In'")
    assert any("Sign In" in p for p in quality.findings(page)["language"])

    page.goto("/en" + reverse("account_login"))
    assert quality.findings(page)["language"] == []
    page.evaluate("document.querySelector('h1').textContent = '登录'")
    assert any("登录" in p for p in quality.findings(page)["language"])


def test_the_checks_see_overflow_and_small_targets(tampered_page):
    page = tampered_page
    quality.prepare(page.context)
    page.goto(reverse("account_login"))
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend',
            '<p style="white-space:nowrap">' + '很长'.repeat(200) + '</p>' +
            '<nav><a href="/" style="font-size:10px;line-height:1">小</a></nav>');
        }"""
    )
    found = quality.findings(page)
    assert found["overflow"] and any("“小”" in p for p in found["targets"])
