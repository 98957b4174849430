"""Index storage and writes (``portal.search.backend.storage``): generations behind a live
link, concurrent writers, the queue of failed writes, rebuilds, cached searchers."""

import json
import multiprocessing
import os
import subprocess
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from whoosh import fields as whoosh_fields
from whoosh.index import FileIndex

from portal.search.backend import storage
from portal.search.backend.storage import PendingQueue, WhooshIndexRebuilder, open_whoosh_index


def titles(results):
    return sorted(result.title for result in results)


def rebuild(index):
    """What ``manage.py update_index`` does for one index, limited to wagtailcore.Page."""
    rebuilder = WhooshIndexRebuilder(index)
    new_index = rebuilder.start()
    new_index.add_model(Page)
    new_index.add_items(Page, list(Page.get_indexed_objects()))
    rebuilder.finish()


def test_a_failed_write_is_queued_and_retried_by_the_next_write(add_page, search_backend):
    index = search_backend.get_index_for_model(Page)
    with mock.patch.object(FileIndex, "writer", side_effect=OSError("disk full")):
        page = add_page("公约修订草案")  # saving still succeeds
    assert Page.objects.filter(pk=page.pk).exists()
    assert index.pending
    assert search_backend.search("公约", Page).count() == 0

    add_page("议事会纪要")
    assert not index.pending
    assert titles(search_backend.search("公约 纪要", Page)) == ["公约修订草案", "议事会纪要"]


def test_a_rebuild_replays_the_queue_and_empties_it(add_page, search_backend):
    index = search_backend.get_index_for_model(Page)
    with mock.patch.object(FileIndex, "writer", side_effect=OSError("disk full")):
        add_page("市场管理协会章程")
    rebuild(index)
    assert not index.pending
    assert titles(search_backend.search("协会", Page)) == ["市场管理协会章程"]


def _add_documents(index, worker, count):
    for n in range(count):
        doc_id = f"{worker}-{n}"
        index._write(
            lambda writer, doc_id=doc_id: writer.update_document(
                id=f"wagtailcore.page:{doc_id}",
                pk=hash(doc_id) % 10**9,
                content_type="wagtailcore.page",
                t_title=f"并发 写入 {doc_id}",
            )
        )


@pytest.mark.django_db
def test_concurrent_writers_lose_no_update(search_backend):
    index = search_backend.get_index_for_model(Page)
    index.whoosh_index()  # create before forking
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_add_documents, args=(index, w, 15)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert index.searcher().doc_count() == 60


def test_rebuild_swaps_generations_while_searches_keep_answering(add_page, search_backend):
    add_page("旧的居民公约")
    index = search_backend.get_index_for_model(Page)
    old_generation = os.path.realpath(index.link)
    open_searcher = index.whoosh_index().searcher()

    rebuilder = WhooshIndexRebuilder(index)
    new_index = rebuilder.start()
    new_index.add_items(Page, list(Page.objects.filter(depth=2)))
    # Mid-rebuild the live index still answers.
    assert titles(search_backend.search("公约", Page)) == ["旧的居民公约"]
    rebuilder.finish()

    assert os.path.islink(index.link)
    assert os.path.realpath(index.link) != old_generation
    assert titles(search_backend.search("公约", Page)) == ["旧的居民公约"]
    assert open_searcher.doc_count() >= 1  # a searcher opened before the swap still reads
    open_searcher.close()

    rebuild(index)
    rebuild(index)
    generations = [p for p in index.backend.path.glob(f"{index.name}.[0-9]*") if p.is_dir()]
    assert len(generations) == 2  # the live one and the one it replaced


def test_writes_during_a_rebuild_reach_the_new_index(add_page, search_backend):
    index = search_backend.get_index_for_model(Page)
    rebuilder = WhooshIndexRebuilder(index)
    rebuilder.start()  # builds from nothing: the page below is saved mid-rebuild
    add_page("表决结果公示")
    rebuilder.finish()
    assert titles(search_backend.search("表决", Page)) == ["表决结果公示"]


def test_deleted_page_leaves_the_index(add_page, search_backend):
    page = add_page("流动人口登记")
    search_backend.delete(page)
    assert search_backend.search("流动人口", Page).count() == 0


def test_the_first_write_creates_a_generation_behind_the_live_link(add_page, search_backend):
    index = search_backend.get_index_for_model(Page)
    assert not index.link.exists()
    add_page("居民公约")
    assert os.path.islink(index.link)
    assert os.readlink(index.link).startswith(f"{index.name}.")  # relative: the tree can move
    assert index.searcher().doc_count() == 1


def test_reset_starts_an_empty_generation(add_page, search_backend):
    add_page("居民公约")
    index = search_backend.get_index_for_model(Page)
    old_generation = os.path.realpath(index.link)
    index.reset()
    assert os.path.realpath(index.link) != old_generation
    assert search_backend.search("公约", Page).count() == 0


def test_the_pending_queue_records_and_is_claimed_once(tmp_path):
    queue = PendingQueue(tmp_path / "x.pending.jsonl")
    assert not queue and queue.claim() == {}
    user_model = get_user_model()
    queue.record(Page, [3, 4])
    queue.record(user_model, [9])
    queue.record(Page, [3])
    assert queue
    lines = (tmp_path / "x.pending.jsonl").read_text().splitlines()
    assert json.loads(lines[0]) == {"model": "wagtailcore.page", "pk": "3"}

    assert queue.claim() == {Page: {"3", "4"}, user_model: {"9"}}
    assert not queue and queue.claim() == {}
    assert list(tmp_path.iterdir()) == []  # the claimed copy is removed too

    queue.record(Page, [1])
    queue.clear()
    assert not queue


def test_an_index_is_opened_once_per_directory_whatever_the_path(tmp_path):
    calls = []

    def schema():
        calls.append(1)
        return whoosh_fields.Schema(id=whoosh_fields.ID(stored=True))

    ix = open_whoosh_index(tmp_path / "gen", schema)
    os.symlink("gen", tmp_path / "link")
    assert open_whoosh_index(tmp_path / "link", schema) is ix
    assert calls == [1]  # created once, with the schema


@pytest.mark.django_db
def test_a_searcher_is_kept_until_another_writer_commits(search_backend):
    index = search_backend.get_index_for_model(Page)
    _add_documents(index, "a", 1)
    first = index.searcher()
    assert index.searcher() is first
    _add_documents(index, "b", 1)
    fresh = index.searcher()
    assert fresh is not first
    assert fresh.doc_count() == 2
    assert index.searcher() is fresh


def _searchers_in_child(connection):
    connection.send(sorted(storage._searchers.__dict__))
    connection.close()


@pytest.mark.django_db
def test_a_forked_child_opens_its_own_searchers(search_backend):
    index = search_backend.get_index_for_model(Page)
    index.searcher()
    assert storage._searchers.__dict__["by_key"]
    parent_end, child_end = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(
        target=_searchers_in_child, args=(child_end,)
    )
    child.start()
    inherited = parent_end.recv()
    child.join(60)
    assert inherited == []


@pytest.mark.django_db
def test_an_index_from_an_older_release_accepts_new_fields(search_backend, tmp_path):
    generation = tmp_path / "old-generation"
    old_schema = whoosh_fields.Schema(  # no text columns yet
        id=whoosh_fields.ID(unique=True, stored=True),
        pk=whoosh_fields.NUMERIC(int, bits=64, signed=True, stored=True, sortable=True),
        content_type=whoosh_fields.KEYWORD(),
    )
    open_whoosh_index(generation, lambda: old_schema)
    index = storage.WhooshIndex(search_backend, Page, directory=generation)
    index.add_items(Page, [Page.get_first_root_node()])
    schema = index.whoosh_index().searcher().schema
    assert "text_all" in schema and "t_title" in schema


def test_a_rebuild_marker_of_a_dead_process_is_ignored(search_backend):
    index = search_backend.get_index_for_model(Page)
    index.backend.path.mkdir(parents=True, exist_ok=True)
    assert not index.rebuild_in_progress()
    index.rebuild_marker.write_text(json.dumps({"pid": os.getpid(), "generation": "g"}))
    assert index.rebuild_in_progress()
    finished = subprocess.Popen(["true"])
    finished.wait()
    index.rebuild_marker.write_text(json.dumps({"pid": finished.pid, "generation": "g"}))
    assert not index.rebuild_in_progress()
