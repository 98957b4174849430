"""The privacy notice: served in both languages, linked from every page, versioned, and
edited by superusers only."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.privacy.models import PrivacyNotice

from .conftest import new_version

pytestmark = pytest.mark.django_db


def test_the_notice_in_chinese(client, first_notice):
    page = client.get("/privacy/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<h1>个人信息保护告知书</h1>" in text
    assert "版本 1" in text
    for says in ("手机号码", "IP 地址", "90 天", "无记名投票", "不满 14 周岁", "撤回"):
        assert says in text, says


def test_the_notice_in_english(client, first_notice):
    page = client.get("/en/privacy/")
    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in text
    assert "<h1>Privacy notice</h1>" in text
    assert "Version 1, in force from 2026-01-01." in text
    for says in ("mobile number", "erased after 90 days", "the ballot is secret", "under 14"):
        assert says in text, says


def test_every_page_links_it_from_the_footer(client, first_notice, resident):
    for url in ("/", "/en/", "/accounts/login/", "/search/?q=x"):
        footer = client.get(url).content.decode().split('class="site-footer"')[1]
        assert 'href="/privacy/"' in footer or 'href="/en/privacy/"' in footer, url


def test_earlier_versions_stay_readable_and_future_ones_hidden(client, first_notice):
    second = new_version()
    page = client.get("/privacy/").content.decode()
    assert "第二版正文" in page and "版本 2" in page
    earlier = client.get(reverse("privacy:notice_version", args=[1])).content.decode()
    assert "这是较早的版本" in earlier and "无记名投票" in earlier

    second.effective_at = timezone.now() + timedelta(days=1)
    second.save()
    assert client.get("/privacy/v2/").status_code == 404
    assert "第二版正文" not in client.get("/privacy/").content.decode()


def test_a_missing_language_falls_back_to_chinese(client, first_notice):
    first_notice.texts.filter(language="en").delete()
    text = client.get("/en/privacy/").content.decode()
    assert "个人信息保护告知书" in text
    assert 'lang="zh-hans"' in text  # marked for screen readers


def test_only_superusers_edit_the_notice(client, staff, superuser, first_notice):
    url = reverse("wagtailsnippets_privacy_privacynotice:edit", args=[first_notice.pk])
    client.force_login(staff)
    assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_privacy_privacynotice:list")).status_code in (
        302,
        403,
    )
    client.force_login(superuser)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert PrivacyNotice.objects.count() == 1


def draftail(text):
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text}
    block.update(inlineStyleRanges=[], entityRanges=[])
    return json.dumps({"blocks": [block], "entityMap": {}})


def test_a_superuser_adds_a_version_in_the_admin_and_residents_are_asked(
    client, superuser, resident, first_notice
):
    client.force_login(superuser)
    data = {
        "version": "2",
        "effective_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "changes": "新增康检预约的说明。",
        "texts-TOTAL_FORMS": "2",
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "1",
        "texts-MAX_NUM_FORMS": "1000",
    }
    texts = [
        ("zh-hans", "个人信息保护告知书", "第二版：新增康检。"),
        ("en", "Privacy notice", "Second."),
    ]
    for i, (language, title, body) in enumerate(texts):
        data.update(
            {
                f"texts-{i}-language": language,
                f"texts-{i}-title": title,
                f"texts-{i}-body": draftail(body),
                f"texts-{i}-ORDER": str(i + 1),
                f"texts-{i}-id": "",
                f"texts-{i}-DELETE": "",
            }
        )
    response = client.post(reverse("wagtailsnippets_privacy_privacynotice:add"), data)

    assert response.status_code == 302, response.context["form"].errors
    second = PrivacyNotice.objects.get(version=2)
    assert "第二版：新增康检。</p>" in second.text_for("zh-hans").body
    assert second.text_for("en").title == "Privacy notice"
    client.force_login(resident)
    assert client.get("/notifications/")["Location"].startswith("/privacy/consent/")


@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999", "-1", "0"])
def test_a_bad_version_or_purpose_is_a_404(client, resident, first_notice, value):
    client.force_login(resident)
    assert client.get(f"/privacy/v{value}/").status_code == 404
    assert client.get(f"/privacy/sensitive/{value}/").status_code == 404
    assert client.post(f"/privacy/sensitive/{value}/withdraw/").status_code == 404


def test_a_version_someone_agreed_to_cannot_change(client, superuser, first_notice):
    client.force_login(superuser)  # the factory's superuser agreed to version 1
    text = first_notice.texts.get(language="en")
    url = reverse("wagtailsnippets_privacy_privacynotice:edit", args=[first_notice.pk])
    data = {
        "version": "1",
        "effective_at": timezone.localtime(first_notice.effective_at).strftime("%Y-%m-%d %H:%M"),
        "changes": "悄悄改一下",
        "texts-TOTAL_FORMS": "1",
        "texts-INITIAL_FORMS": "1",
        "texts-MIN_NUM_FORMS": "1",
        "texts-MAX_NUM_FORMS": "1000",
        "texts-0-id": str(text.pk),
        "texts-0-language": "en",
        "texts-0-title": "Privacy notice",
        "texts-0-body": draftail("Changed quietly."),
        "texts-0-ORDER": "1",
        "texts-0-DELETE": "",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "cannot change" in response.content.decode() or "不能修改" in response.content.decode()
    first_notice.refresh_from_db()
    assert first_notice.changes == ""
    assert "Changed quietly" not in first_notice.texts.get(language="en").body
