from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from portal.factories import CommunityFactory, UserFactory

from .models import Matter, SessionIndexPage, SessionPage, Tally

PHASE_LENGTH = timedelta(days=10)


class SessionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SessionIndexPage

    title = "季度议事会"
    slug = "yishi"


class SessionPageFactory(wagtail_factories.PageFactory):
    """A session whose phases each last ten days from ``collecting_starts``."""

    class Meta:
        model = SessionPage

    title = factory.Sequence(lambda n: f"第{n}次议事会")
    slug = factory.Sequence(lambda n: f"session-{n}")
    community = factory.SubFactory(CommunityFactory)
    collecting_starts = factory.LazyFunction(timezone.now)
    discussion_starts = factory.LazyAttribute(lambda o: o.collecting_starts + PHASE_LENGTH)
    voting_starts = factory.LazyAttribute(lambda o: o.collecting_starts + 2 * PHASE_LENGTH)
    voting_ends = factory.LazyAttribute(lambda o: o.collecting_starts + 3 * PHASE_LENGTH)
    follow_up_starts = factory.LazyAttribute(lambda o: o.collecting_starts + 4 * PHASE_LENGTH)


class MatterFactory(factory.django.DjangoModelFactory):
    """An accepted matter (with its tally) unless ``state`` says otherwise."""

    class Meta:
        model = Matter
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionPageFactory)
    community = factory.SelfAttribute("session.community")
    author = factory.SubFactory(UserFactory, community=factory.SelfAttribute("..community"))
    title = factory.Sequence(lambda n: f"议题{n}")
    description = "请大家讨论。"
    category = Matter.Category.OTHER
    state = Matter.State.ACCEPTED

    @factory.post_generation
    def tally(self, create, extracted, **kwargs):
        if create and self.state == Matter.State.ACCEPTED:
            Tally.objects.get_or_create(matter=self)
