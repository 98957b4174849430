"""Minutes read aloud and with pinyin."""

import pytest

from tests.factories.associations import MinutesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def audio_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def test_public_minutes_have_read_aloud_and_pinyin(client, association):
    minutes = MinutesFactory(association=association, discussion="大家同意周六打扫楼道。")
    url = minutes.get_absolute_url()

    html = client.get(url).content.decode()
    client.get(f"{url}?pinyin=1")
    annotated = client.get(url).content.decode()

    assert "data-read-aloud" in html and "/reach/audio/" in html
    assert "<ruby>大<rt>dà</rt></ruby><ruby>家<rt>jiā</rt></ruby>" in annotated
