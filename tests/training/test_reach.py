"""A lesson read aloud, with pinyin, and with its easy-read version first."""

import pytest

from portal.reach import audio

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def audio_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def test_a_lesson_has_read_aloud_and_pinyin(client, lessons):
    html = client.get(lessons[0].url).content.decode()
    client.get(f"{lessons[0].url}?pinyin=1")
    annotated = client.get(lessons[0].url).content.decode()

    assert "data-read-aloud" in html and "/reach/audio/" in html
    assert "<ruby>课<rt>kè</rt></ruby><ruby>文<rt>wén</rt></ruby>" in annotated
    assert len(annotated.encode()) < 50_000


def test_the_easy_read_version_comes_first(client, lessons):
    lesson = lessons[0]
    lesson.easy_read = "这一课讲怎么保护自己。"
    lesson.save_revision().publish()

    html = client.get(lesson.url).content.decode()

    assert html.index("这一课讲怎么保护自己。") < html.index("<details") < html.index("课文 1")
    assert audio.is_ready(audio.digest("这一课讲怎么保护自己。"))


def test_a_staff_recording_is_played_instead_of_the_server_voice(client, lessons):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    lesson = lessons[1]
    recording = Document.objects.create(
        title="第2课 方言朗读", file=ContentFile(b"ID3\x03\x00", name="lesson-2.mp3")
    )
    lesson.recording = recording
    lesson.save_revision().publish()

    html = client.get(lesson.url).content.decode()

    assert f'href="{recording.url}" data-recording data-read-aloud' in html
    assert "/reach/audio/" not in html
    assert not audio.folder().exists()  # nothing was made for the server voice
