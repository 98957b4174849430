import multiprocessing
import os
from unittest import mock

import pytest
from wagtail.models import Page
from whoosh.index import FileIndex

from portal.search.backend import WhooshIndexRebuilder, highlight


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


def test_highlight_marks_words_and_escapes_html():
    text = "<b>注意</b>：本社区将于周六召开议事会，讨论幸福社区居民公约的修订。" * 5
    snippet = highlight(text, "公约", max_chars=40)
    assert "<mark>公约</mark>" in snippet
    assert "<b>" not in snippet
    assert len(snippet) < 120


def test_highlight_takes_a_search_result(add_page, search_backend):
    page = add_page("Residents meeting <minutes>")
    snippet = highlight(page, "meetings")
    assert snippet == "Residents <mark>meeting</mark> &lt;minutes&gt;"
