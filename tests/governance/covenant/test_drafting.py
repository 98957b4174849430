"""A draft goes out for public consultation for a dated period, residents comment on its
clauses, and after it closes staff read the comments by clause and publish a revision."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from governance.covenant.models import Clause, CovenantVersion

from .conftest import next_version, post_comment

DAY = timedelta(days=1)


@pytest.fixture
def draft(v1, clock):
    """A revision of v1 with one new clause, open for comments from tomorrow for ten days."""
    rows = [(r.clause, r.chapter, r.title, r.text) for r in v1.rows]
    rows.append((None, "互助", "互帮互助", "居民之间相互照应。"))
    from governance.covenant.factories import make_version

    return make_version(v1.covenant, rows, consultation=(clock.now + DAY, clock.now + 11 * DAY))


def comments_on(clause):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Clause), object_pk=str(clause.pk)
    )


def test_draft_round_lifecycle(client, clock, draft, resident, verified_resident, staff):
    new_clause = draft.rows[3].clause
    register = draft.rows[0].clause
    url = f"/covenant/versions/{draft.pk}/"

    # Before the round: not public, no comments.
    assert draft.status == CovenantVersion.CONSULTATION_SCHEDULED
    assert client.get(url).status_code == 404
    post_comment(client, resident, new_clause, "太早了")
    assert not comments_on(new_clause).exists()
    # A comment on the clause in force before the round does not count for the round.
    post_comment(client, resident, register, "登记点在哪里？")

    # During the round: anyone reads the draft; residents comment on its clauses.
    clock.now += 2 * DAY
    client.logout()
    assert "A revised draft is open for comments" in client.get(draft.covenant.url).content.decode()
    assert client.get(url).status_code == 200
    post_comment(client, resident, new_clause, "建议写上谁来组织。")
    post_comment(client, verified_resident, new_clause, "同意。")
    post_comment(client, verified_resident, register, "七天太长了。")
    assert comments_on(new_clause).count() == 2

    # After the round: closed for comments on draft-only clauses.
    clock.now += 10 * DAY
    post_comment(client, resident, new_clause, "晚了")
    assert comments_on(new_clause).count() == 2
    closed = client.get(new_clause.get_absolute_url()).content.decode()
    assert "Comments are open on clauses in force and on drafts under consultation." in closed
    report = f"/covenant/versions/{draft.pk}/comments/"
    client.force_login(resident)
    assert client.get(report).status_code == 403  # the draft is public; its report is staff's
    client.force_login(staff)
    response = client.get(report)
    assert response.status_code == 200
    counts = [(row.clause_id, len(comments)) for row, comments in response.context["groups"]]
    assert counts[:2] == [(new_clause.pk, 2), (register.pk, 1)]
    assert response.context["total"] == 3
    assert "七天太长了。" in response.content.decode()
    assert "登记点在哪里？" not in response.content.decode()

    # Staff start a revised draft: same clauses, same identities, text open to edit.
    response = client.post(f"/covenant/versions/{draft.pk}/new-draft/")
    revised = CovenantVersion.objects.get(number=draft.number + 1)
    assert response.url == f"/admin/snippets/covenant/covenantversion/edit/{revised.pk}/"
    assert [r.clause_id for r in revised.rows] == [r.clause_id for r in draft.rows]
    assert revised.status == CovenantVersion.DRAFT and not revised.is_frozen


def test_starting_a_draft_is_for_staff(client, v1, resident):
    client.force_login(resident)
    assert client.post(f"/covenant/versions/{v1.pk}/new-draft/").status_code == 403
    assert CovenantVersion.objects.count() == 1


def admin_form_data(version, **fields):
    rows = version.rows
    data = {
        "preamble": version.preamble,
        "clauses-TOTAL_FORMS": len(rows),
        "clauses-INITIAL_FORMS": len(rows),
        "clauses-MIN_NUM_FORMS": 0,
        "clauses-MAX_NUM_FORMS": 1000,
        "consultation_opens": "",
        "consultation_closes": "",
        "effective_date": "",
        "summary": "",
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"clauses-{i}-id": row.pk,
                f"clauses-{i}-ORDER": i + 1,
                f"clauses-{i}-chapter": row.chapter,
                f"clauses-{i}-title": row.title,
                f"clauses-{i}-text": row.text,
            }
        )
    data.update(fields)
    return data


def test_staff_publish_a_version_in_the_admin(client, v1, staff):
    draft = next_version(v1, {"来社区登记": ("登记与租房", "来社区登记", "到达后五日内登记。")})
    client.force_login(staff)
    edit = f"/admin/snippets/covenant/covenantversion/edit/{draft.pk}/"
    # Publishing needs an effective date and a summary.
    response = client.post(edit, admin_form_data(draft, publish="on"))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.published_at is None
    today = timezone.localdate()
    data = admin_form_data(
        draft, publish="on", effective_date=today.isoformat(), summary="登记改为五日。"
    )
    data["clauses-0-text"] = "到达后三日内登记。"
    response = client.post(edit, data)
    assert response.status_code == 302
    draft = CovenantVersion.objects.get(pk=draft.pk)
    assert draft.is_in_force and draft.rows[0].text == "到达后三日内登记。"


def test_text_residents_have_read_cannot_change(client, v1, staff):
    client.force_login(staff)
    data = admin_form_data(v1)
    data["clauses-0-text"] = "悄悄改掉。"
    response = client.post(f"/admin/snippets/covenant/covenantversion/edit/{v1.pk}/", data)
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    assert CovenantVersion.objects.get(pk=v1.pk).rows[0].text != "悄悄改掉。"


def test_new_clause_added_in_the_admin_gets_its_own_identity(client, v1, staff):
    draft = next_version(v1)
    client.force_login(staff)
    data = admin_form_data(draft)
    data.update(
        {
            "clauses-TOTAL_FORMS": 4,
            "clauses-3-id": "",
            "clauses-3-ORDER": 4,
            "clauses-3-chapter": "互助",
            "clauses-3-title": "互帮互助",
            "clauses-3-text": "居民之间相互照应。",
        }
    )
    response = client.post(f"/admin/snippets/covenant/covenantversion/edit/{draft.pk}/", data)
    assert response.status_code == 302
    rows = CovenantVersion.objects.get(pk=draft.pk).rows
    assert [r.clause_id for r in rows[:3]] == [r.clause_id for r in v1.rows]
    assert rows[3].clause_id not in {r.clause_id for r in v1.rows}
