"""The server's read-aloud audio: made once per text version, in a task, served with
caching headers; and the pinyin switch that any page answers."""

import pytest

from portal.reach import audio

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def audio_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def made(monkeypatch):
    """Counts the texts really synthesized (the real espeak-ng runs each time)."""
    texts = []
    real = audio.synthesize

    def counting(text):
        texts.append(text)
        return real(text)

    monkeypatch.setattr(audio, "synthesize", counting)
    return texts


def test_espeak_reads_mandarin_into_a_small_opus_file():
    data = audio.synthesize("居民公约第三条：不在楼道里给电动车充电。")

    assert data[:4] == b"OggS"
    assert b"OpusHead" in data[:200]
    assert 1000 < len(data) < 40000


def test_the_audio_is_made_once_and_then_served_from_disk(client, made):
    key = audio.prepare("不在楼道里给电动车充电。")  # the task runs at once in tests
    url = f"/reach/audio/{key}.opus"

    first = client.get(url)
    body = b"".join(first.streaming_content)
    second = client.get(url)
    audio.prepare("不在楼道里给电动车充电。")

    assert made == ["不在楼道里给电动车充电。"]
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "audio/ogg; codecs=opus"
    assert "max-age=31536000" in first["Cache-Control"]
    assert first["ETag"] == f'"{key}"'
    assert body == audio.audio_path(key).read_bytes()
    assert not audio.text_path(key).exists()


def test_a_browser_that_has_it_gets_not_modified(client, made):
    key = audio.prepare("重要的事")

    response = client.get(f"/reach/audio/{key}.opus", HTTP_IF_NONE_MATCH=f'"{key}"')

    assert response.status_code == 304


def test_a_changed_text_gets_a_new_file(made):
    assert audio.prepare("第一版。") != audio.prepare("第二版。")
    assert made == ["第一版。", "第二版。"]


def test_audio_still_being_made_asks_to_come_back(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    key = audio.prepare("还在做。")

    response = client.get(f"/reach/audio/{key}.opus")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert not audio.is_ready(key)


def test_unknown_or_malformed_keys_are_not_found(client):
    assert client.get(f"/reach/audio/{'a' * 40}.opus").status_code == 404
    assert client.get("/reach/audio/..%2Fsecret.opus").status_code == 404


def test_the_text_read_is_the_text_without_its_pinyin():
    html = "<p>重<rt>zhòng</rt>要 &amp; <b>ok</b></p><script>x</script>"

    assert audio.plain_text(html) == "重要 & ok"


def test_the_pinyin_switch_is_remembered_and_shows_the_same_page_again(client):
    on = client.get("/en/search/?q=a&pinyin=1")
    remembered = client.cookies["pinyin"].value
    off = client.get("/en/search/?q=a&pinyin=0")

    assert on.status_code == off.status_code == 302
    assert on["Location"] == off["Location"] == "/en/search/?q=a"
    assert remembered == "1"
    assert client.cookies["pinyin"].value == ""
