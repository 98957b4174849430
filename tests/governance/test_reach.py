"""A matter read aloud, with pinyin, and with its easy-read version first."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def audio_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def test_a_matter_shows_its_easy_read_version_first_and_pinyin_on_request(client, matter, resident):
    matter.description = "小区东门的路灯坏了三个月，晚上走路很危险。"
    matter.easy_read = "东门的灯坏了。"
    matter.save()
    client.force_login(resident)
    url = matter.get_absolute_url()

    html = client.get(url).content.decode()
    client.get(f"{url}?pinyin=1")
    annotated = client.get(url).content.decode()

    assert "data-read-aloud" in html
    assert html.index("东门的灯坏了。") < html.index("<details") < html.index("路灯坏了三个月")
    assert "<ruby>东<rt>dōng</rt></ruby><ruby>门<rt>mén</rt></ruby>" in annotated
