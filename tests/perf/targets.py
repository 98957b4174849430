"""The pages the benchmark and the query-count tests visit, found in a generated district.

Every name maps to a URL path on the portal. ``ANONYMOUS`` pages are read without an
account; ``SIGNED_IN`` ones as the generated benchmark user (``pages.district.bench_phone``).
"""

from contextlib import suppress

from django.urls import NoReverseMatch, reverse

ANONYMOUS = [
    "home",
    "covenant",
    "session",
    "matter_500_comments",
    "session_results",
    "lesson",
    "course_catalogue",
    "association",
    "minutes",
    "search",
]
SIGNED_IN = ["my_learning", "matter_own_vote"]


def bench_user():
    from pages.district import bench_phone
    from portal.models import User

    return User.objects.get(phone=bench_phone())


def bench_session():
    """The first generated community's session that is in its voting phase."""
    from governance.models import SessionPage
    from pages.district import SESSIONS_PER_COMMUNITY, SLUG_PREFIX

    return SessionPage.objects.get(slug=f"{SLUG_PREFIX}01-q{SESSIONS_PER_COMMUNITY}")


def hot_matter():
    """The busiest matter of the benchmark session (500+ comments at full scale)."""
    from governance.models import Matter

    return (
        Matter.objects.filter(session=bench_session(), state=Matter.State.ACCEPTED)
        .order_by("pk")
        .first()
    )


def urls():
    """{name: path} for every page in ANONYMOUS and SIGNED_IN (search only when installed)."""
    from governance.covenant.models import CovenantPage
    from governance.models import SessionPage
    from pages.associations.models import AssociationPage, Minutes
    from pages.district import SESSIONS_PER_COMMUNITY, SLUG_PREFIX
    from training.models import CourseIndexPage, LessonPage

    session = bench_session()
    finished = SessionPage.objects.get(slug=f"{SLUG_PREFIX}01-q{SESSIONS_PER_COMMUNITY - 1}")
    matter = hot_matter()
    association = (
        AssociationPage.objects.live().filter(slug__startswith=SLUG_PREFIX).order_by("pk").first()
    )
    minutes = Minutes.objects.public().filter(association=association).order_by("pk").first()
    found = {
        "home": "/",
        "covenant": CovenantPage.objects.live().get(community=session.community_id).url,
        "session": session.url,
        "matter_500_comments": matter.get_absolute_url(),
        "session_results": reverse("governance:results", args=[finished.pk]),
        "lesson": LessonPage.objects.live()
        .filter(url_path__contains=f"/{SLUG_PREFIX}course-1/")
        .order_by("path")
        .first()
        .url,
        "course_catalogue": CourseIndexPage.objects.live().first().url,
        "association": association.url,
        "minutes": minutes.get_absolute_url(),
        "my_learning": reverse("training:my_learning"),
        "matter_own_vote": matter.get_absolute_url(),
    }
    with suppress(NoReverseMatch):  # until the search page is installed
        found["search"] = reverse("search") + "?q=%E5%85%AC%E7%BA%A6"  # 公约
    return found
