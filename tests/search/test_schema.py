"""search_fields to Whoosh columns, documents and the schema (``portal.search.backend.schema``).

The models below live in an isolated app registry: no table, no migration, only
their ``search_fields``, which is all the schema reads.
"""

import datetime

from django.db import models
from django.test.utils import isolate_apps
from modelsearch import index
from whoosh import fields as whoosh_fields

from portal.search.analysis import PART_SEPARATOR
from portal.search.backend.schema import (
    COMBINED,
    build_document,
    build_schema,
    clean_scalar,
    columns_for_model,
    content_types,
    document_id,
    filter_kind,
    flatten_text,
)

with isolate_apps("tests.search"):

    class Author(models.Model):
        name = models.CharField(max_length=50)

        class Meta:
            app_label = "search"

        def __str__(self):
            return self.name

    class Tag(models.Model):
        name = models.CharField(max_length=50)

        class Meta:
            app_label = "search"

        def __str__(self):
            return self.name

    class Notice(index.Indexed, models.Model):
        title = models.CharField(max_length=50)
        body = models.TextField()
        published = models.DateField(null=True)
        urgent = models.BooleanField(default=False)
        author = models.ForeignKey(Author, models.CASCADE, null=True)

        search_fields = [
            index.SearchField("title", boost=3),
            index.AutocompleteField("title"),
            index.SearchField("body"),
            index.FilterField("published"),
            index.FilterField("urgent"),
            index.FilterField("keywords"),
            index.RelatedFields("author", [index.SearchField("name"), index.FilterField("id")]),
        ]

        class Meta:
            app_label = "search"

        def __str__(self):
            return self.title

        def keywords(self):
            return ["公约", "表决"]

    class Poster(Notice):
        place = models.CharField(max_length=50)

        search_fields = [*Notice.search_fields, index.SearchField("place")]

        class Meta:
            app_label = "search"

        def __str__(self):
            return self.title

    class Board(index.Indexed, models.Model):
        tags = models.ManyToManyField(Tag)

        search_fields = [index.FilterField("tags")]

        class Meta:
            app_label = "search"

        def __str__(self):
            return str(self.pk)


def columns(model):
    return {column.name: column for column in columns_for_model(model)}


def poster():
    author = Author(pk=3, name="王主任")
    return Poster(
        pk=7,
        title="居民公约",
        body="第三条 <夜间施工>",
        published=datetime.date(2025, 1, 2),
        urgent=True,
        author=author,
        place="社区广场",
    )


def test_each_search_field_entry_is_a_column_named_by_its_role():
    found = columns(Notice)
    assert list(found) == [
        "t_title",
        "a_title",
        "t_body",
        "f_published",
        "f_urgent",
        "f_keywords",
        "t_author__name",  # inside RelatedFields: <relation>__<field>
        "f_author__id",
    ]
    assert [found[name].role for name in ("t_title", "a_title", "f_urgent")] == [
        "text",
        "autocomplete",
        "filter",
    ]
    assert found["t_title"].boost == 3.0 and found["t_body"].boost == 1.0
    assert (found["f_published"].kind, found["f_urgent"].kind) == ("datetime", "bool")
    assert (found["f_keywords"].kind, found["f_author__id"].kind) == ("id", "int")


def test_a_subclass_field_is_prefixed_with_its_model_so_siblings_never_clash():
    assert "t_search_poster__place" in columns(Poster)
    assert set(columns(Notice)) < set(columns(Poster))


def test_filter_kinds_follow_the_django_field_type():
    assert [filter_kind(t) for t in ("BigAutoField", "DecimalField", "DateTimeField")] == [
        "int",
        "float",
        "datetime",
    ]
    assert [filter_kind(t) for t in ("TimeField", "BooleanField", "CharField")] == [
        "time",
        "bool",
        "id",
    ]


def test_values_are_cleaned_to_what_the_whoosh_field_indexes():
    aware = datetime.datetime(
        2025, 1, 2, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    assert clean_scalar("datetime", aware) == datetime.datetime(2025, 1, 2, 0, 0)  # naive UTC
    assert clean_scalar("datetime", datetime.date(2025, 1, 2)) == datetime.datetime(2025, 1, 2)
    assert clean_scalar("time", datetime.time(0, 1, 2, 3)) == 62_000_003  # microseconds
    assert clean_scalar("int", Author(pk=5)) == 5  # a related object: its primary key
    assert clean_scalar("id", 12) == "12"
    assert clean_scalar("bool", 0) is False


def test_text_of_lists_and_related_objects_is_one_string():
    assert flatten_text(["第一段", None, ["第二段", "第三段"]]) == "第一段\n第二段\n第三段"
    assert flatten_text(None) == ""


def test_a_document_holds_every_column_and_the_weighted_combined_text():
    doc = build_document(poster())
    assert doc["id"] == "search.notice:7" == document_id(poster())  # the root model's label
    assert doc["pk"] == 7
    assert doc["content_type"] == "search.poster search.notice"
    assert doc["t_title"] == "居民公约"
    assert doc["t_author__name"] == "王主任"
    assert doc["f_author__id"] == 3
    assert doc["f_published"] == datetime.datetime(2025, 1, 2)
    assert doc["f_urgent"] is True
    assert doc["f_keywords"] == "公约\x1f表决"  # several values of an ID field, one string
    # Every SearchField in the combined column, each with its boost.
    parts = doc[COMBINED.name].split(PART_SEPARATOR)
    assert parts == ["3\x1d居民公约", "1\x1d第三条 <夜间施工>", "1\x1d王主任", "1\x1d社区广场"]


def test_empty_values_are_left_out_of_the_document():
    doc = build_document(Notice(pk=1, title="公约", body="", published=None))
    assert "t_body" not in doc and "f_published" not in doc and "t_author__name" not in doc


def test_content_types_list_the_model_and_its_indexed_ancestors():
    assert content_types(Poster) == ["search.poster", "search.notice"]
    assert content_types(Notice) == ["search.notice"]


def test_the_schema_is_the_union_of_the_root_model_and_its_subclasses():
    schema = build_schema(Notice, [Poster])
    assert {"id", "pk", "content_type", "text_all", "t_title", "t_search_poster__place"} <= set(
        schema.names()
    )
    assert isinstance(schema["pk"], whoosh_fields.NUMERIC)  # integer primary keys sort as numbers
    assert schema["t_title"].format.field_boost == 3.0
    assert schema["t_title"].scorable and schema["t_title"].format.supports("positions")
    assert not schema["a_title"].format.supports("positions")  # autocomplete: no phrases
    # Only a direct, single-valued filter column can order results.
    assert schema["f_urgent"].column_type is None  # booleans are never sortable
    assert schema["f_author__id"].column_type is None  # through a relation


def test_a_many_to_many_filter_column_is_not_sortable():
    (tags,) = columns_for_model(Board)
    assert tags.is_many
    assert tags.whoosh_field().column_type is None
    assert columns(Notice)["f_published"].whoosh_field().column_type is not None
