from datetime import timedelta

from django.utils import timezone

from .conftest import next_version, post_comment


def test_covenant_in_force_reads_without_an_account(client, v1):
    response = client.get(v1.covenant.url)
    html = response.content.decode()
    assert response.status_code == 200
    for row in v1.rows:
        assert row.text in html and row.clause.get_absolute_url() in html
    assert "Chapter 2" in html and "Article 3" in html


def test_each_clause_shows_its_comment_count(client, v1, resident):
    post_comment(client, resident, v1.rows[1].clause, "房东不提醒怎么办？")
    client.logout()
    response = client.get(v1.covenant.url)
    counts = [row.comment_count for row in response.context["version"].rows]
    assert counts == [0, 1, 0]
    assert "1 comment" in response.content.decode()


def test_earlier_version_stays_readable_and_points_to_the_one_in_force(client, v1):
    next_version(
        v1,
        {"消防安全": ("安全", "消防安全", "每层配备灭火器。")},
        effective_date=timezone.localdate() - timedelta(days=1),
    )
    html = client.get(f"/covenant/versions/{v1.pk}/").content.decode()
    assert "This version is no longer in force." in html
    assert "不在楼道里给电动车充电。" in html
    assert "每层配备灭火器。" in client.get(v1.covenant.url).content.decode()


def test_print_sheet_has_the_text_and_a_qr_code(client, v1):
    html = client.get(f"/covenant/versions/{v1.pk}/print/").content.decode()
    assert "<svg" in html and v1.rows[0].text in html
    assert f"http://testserver{v1.covenant.url}" in html


def test_home_page_leads_to_the_covenant(client, v1):
    assert v1.covenant.url in client.get("/").content.decode()
