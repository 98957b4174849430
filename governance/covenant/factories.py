import factory
import wagtail_factories
from django.utils import timezone

from portal.factories import CommunityFactory

from .models import CovenantPage, CovenantVersion, VersionClause


class CovenantPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CovenantPage

    title = "居民公约"
    slug = factory.Sequence(lambda n: f"gongyue-{n}")
    community = factory.SubFactory(CommunityFactory)


def make_version(covenant, rows, *, effective_date=None, consultation=None, **fields):
    """A version of ``covenant`` with ``rows`` of ``(clause or None, chapter, title, text)``;
    published (in force from ``effective_date``) when that is given, and open for consultation
    over ``consultation = (opens, closes)`` when that is."""
    opens, closes = consultation or (None, None)
    version = CovenantVersion.objects.create(
        covenant=covenant,
        consultation_opens=opens,
        consultation_closes=closes,
        effective_date=effective_date,
        published_at=timezone.now() if effective_date else None,
        **fields,
    )
    for order, (clause, chapter, title, text) in enumerate(rows):
        VersionClause.objects.create(
            version=version,
            clause=clause,
            sort_order=order,
            chapter=chapter,
            title=title,
            text=text,
        )
    return version
