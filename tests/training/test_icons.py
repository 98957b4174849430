"""Each life stage and each home section has a small picture served by us."""

from pathlib import Path

import pytest
from django.conf import settings

from training.models import LifeStage

STATIC = Path(settings.BASE_DIR) / "static" / "img"


@pytest.mark.parametrize(
    "path",
    [f"stages/{stage}.svg" for stage in LifeStage.values]
    + [f"sections/{name}.svg" for name in ("covenant", "sessions", "school", "associations")],
)
def test_each_icon_is_a_small_svg(path):
    data = (STATIC / path).read_bytes()

    assert data.startswith(b"<svg ") and b"<script" not in data
    assert len(data) < 1024


@pytest.mark.django_db
def test_the_catalogue_shows_each_stage_with_its_icon(client, course):
    html = client.get(course.get_parent().url).content.decode()

    assert f'src="/static/img/stages/{course.life_stage}.svg"' in html
