"""A clause read aloud and with pinyin, and the page cache keeping the two apart."""

import pytest

from portal.reach import audio

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_and_audio(settings, tmp_path):
    settings.YISHI_PAGE_CACHE_SECONDS = 600
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def clause_url(v1):
    return v1.rows[2].clause.get_absolute_url()


def test_a_clause_has_read_aloud_with_its_audio_and_a_pinyin_switch(client, v1):
    html = client.get(clause_url(v1)).content.decode()

    key = audio.digest("不在楼道里给电动车充电。")
    assert f'href="/reach/audio/{key}.opus"' in html
    assert "data-read-aloud" in html and "Read aloud" in html
    assert "?pinyin=1" in html
    assert "<rt>" not in html
    assert audio.is_ready(key)  # made in the background (at once in tests)
    assert len(html.encode()) < 50_000


def test_pinyin_is_its_own_variant_in_the_page_cache(client, v1):
    url = clause_url(v1)
    plain = client.get(url)
    plain_again = client.get(url)
    switched = client.get(f"{url}?pinyin=1")
    with_pinyin = client.get(url)
    with_pinyin_again = client.get(url)
    client.get(f"{url}?pinyin=0")
    plain_once_more = client.get(url)

    assert switched.status_code == 302 and switched["Location"] == url
    assert "X-Page-Cache" not in plain and plain_again["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in with_pinyin and with_pinyin_again["X-Page-Cache"] == "hit"
    assert plain_once_more["X-Page-Cache"] == "hit"
    assert "<rt>" not in plain_again.content.decode()
    assert "<rt>" not in plain_once_more.content.decode()
    annotated = with_pinyin_again.content.decode()
    assert (
        "<ruby>不<rt>bù</rt></ruby><ruby>在<rt>zài</rt></ruby><ruby>楼<rt>lóu</rt></ruby><ruby>道<rt>dào</rt></ruby>"
        in annotated
    )
    assert "?pinyin=0" in annotated


def test_the_easy_read_version_comes_first_with_the_original_one_tap_away(client, v1):
    row = v1.rows[2]
    row.easy_read = "楼道里不能充电。会着火。"
    row.save()

    html = client.get(clause_url(v1)).content.decode()

    easy = html.index("楼道里不能充电。会着火。")
    details = html.index('<details class="original"><summary>See the original text</summary>')
    assert easy < details < html.index("不在楼道里给电动车充电。")
    assert audio.is_ready(audio.digest("楼道里不能充电。会着火。"))


def test_the_next_draft_keeps_each_clause_easy_read_version(v1):
    from governance.covenant.services import start_next_draft

    row = v1.rows[2]
    row.easy_read = "楼道里不能充电。"
    row.save()

    draft = start_next_draft(v1)

    assert [r.easy_read for r in draft.rows] == ["", "", "楼道里不能充电。"]
