"""Moving the associations out of ``pages`` into their own app loses nothing.

The test writes a site's worth of association data, migrates back to before the move
(``pages`` 0005, the models in ``pages``) and forward again, and finds every row, the
Wagtail pages, their revisions and the comments on the minutes where they were.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, Revision

from pages.associations.models import AssociationPage, Meeting, Membership, Minutes
from portal.discussion.services import add_comment
from tests.factories.associations import MinutesFactory

BEFORE_THE_MOVE = [("pages", "0005_shared_blocks"), ("associations", None)]
MODELS = ["associationpage", "associationindexpage", "membership", "meeting", "minutes"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def content_types(app_label):
    """{model: content type id} for the association models under ``app_label``, read raw."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT model, id FROM django_content_type WHERE app_label = %s", [app_label]
        )
        return {model: pk for model, pk in cursor.fetchall() if model in MODELS}


def table_count(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # the names above, never input
        return cursor.fetchone()[0]


TABLES = [
    "pages_associationindexpage",
    "pages_associationpage",
    "pages_membership",
    "pages_meeting",
    "pages_minutes",
    "pages_minutes_attendees",
    "pages_decision",
]


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_keeps_rows_pages_and_comments(
    client, association, association_leader, member
):
    association.meetings.create(starts_at="2099-01-01T19:00:00+08:00", place="市场办公室")
    minutes = MinutesFactory(association=association, title="搬家前的纪要")
    minutes.attendees.add(member)
    minutes.decisions.create(text="每周轮流打扫", votes_for=12)
    comment = add_comment(minutes, member, "搬家前的评论")
    association.introduction = "搬家前的介绍"
    association.save_revision(user=association_leader).publish()
    types = {
        model: ContentType.objects.get_by_natural_key("associations", model).pk for model in MODELS
    }
    counts = {table: table_count(table) for table in TABLES}
    assert all(counts.values())

    try:
        migrate(BEFORE_THE_MOVE)
        # Back in pages: the same content types, relabelled; the same rows.
        assert content_types("pages") == types
        assert content_types("associations") == {}
        assert {table: table_count(table) for table in TABLES} == counts
    finally:
        migrate(None)

    assert content_types("associations") == types
    assert content_types("pages") == {}
    assert {table: table_count(table) for table in TABLES} == counts
    page = Page.objects.get(pk=association.pk)
    assert type(page.specific) is AssociationPage
    assert page.specific.introduction == "搬家前的介绍"
    assert Revision.objects.for_instance(page.specific).count() == 1
    moved = XtdComment.objects.get(pk=comment.pk)
    assert moved.content_object == Minutes.objects.get(pk=minutes.pk)
    assert Membership.objects.filter(association=association).count() == 2
    assert Meeting.objects.get(association=association).place == "市场办公室"
    client.force_login(member)
    assert "搬家前的介绍" in client.get(association.url).text
    assert "搬家前的评论" in client.get(minutes.get_absolute_url()).text
