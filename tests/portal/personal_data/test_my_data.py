""" "My data": every model that points at a person is in the export; the archive is
prepared as a task, offered only to its owner after a fresh sign-in, and purged in time."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from portal.factories import TEST_PASSWORD, UserFactory
from portal.personal_data.models import PersonalDataExport
from portal.personal_data.services import collect, plain, sections
from tests.factories.personal_data import EMAIL, NAME, PHONE, full_life

# Models that point at a person but are not in the export, each with its reason. They are
# all records of editing in Wagtail's or Django's admin (staff work, not a resident's
# personal data); erasure unlinks or deletes them (see test_delete_account.py).
NOT_EXPORTED = {
    "wagtailcore.Page": "page owner and lock: editorial metadata of staff editors",
    "training.Quiz": "quiz lock: editorial metadata of school staff",
    "wagtailcore.Revision": "who saved a revision of a page or snippet in the admin",
    "wagtailcore.PageLogEntry": "Wagtail's history of page edits in the admin",
    "wagtailcore.ModelLogEntry": "Wagtail's history of snippet and user edits in the admin",
    "wagtailcore.WorkflowState": "who asked for review of a page in the admin",
    "wagtailcore.TaskState": "who approved a page in the admin",
    "wagtailcore.Comment": "editors' comments on a draft page in the admin",
    "wagtailcore.CommentReply": "editors' replies to those comments",
    "wagtailcore.PageSubscription": "an editor's subscription to a page's admin comments",
    "wagtailcore.UploadedFile": "a file being uploaded in the admin",
    "wagtailcore.APIToken": "Wagtail admin API tokens (not used by the portal)",
    "wagtailadmin.EditingSession": "who is editing a page in the admin right now",
    "wagtailadmin.FormState": "an editor's unsaved admin form",
    "wagtailusers.UserProfile": "admin preferences (language, theme) of staff",
    "wagtaildocs.Document": "who uploaded a document to the admin's library",
    "wagtailimages.Image": "who uploaded an image to the admin's library",
    "portal.PortalImage": "who uploaded an image to the admin's library",
    "admin.LogEntry": "Django admin's history of edits by superusers",
}


def models_pointing_at_people():
    """Every model with a foreign key, one-to-one or many-to-many field to the user model
    declared on it (a many-to-many table counts as its owner), by label."""
    User = get_user_model()
    found = {}
    for model in apps.get_models(include_auto_created=True):
        owner = model._meta.auto_created or model  # a many-to-many table: its owner model
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and field.related_model is User
                and field.model is model  # not inherited from a parent model (Page's owner)
            ):
                found.setdefault(owner._meta.label, []).append(f"{model._meta.label}.{field.name}")
    return found


def test_every_model_pointing_at_a_person_is_in_the_export(db):
    exported = set(collect(UserFactory()))
    pointing = models_pointing_at_people()
    missing = {
        label: fields
        for label, fields in pointing.items()
        if label not in exported and label not in NOT_EXPORTED
    }
    assert not missing, (
        "These models point at a person but no capability's personal_data exports them "
        f"(add them to the app's exporter, or to NOT_EXPORTED with a reason): {missing}"
    )
    # The exclusions stay true: each still points at a person and is still not exported.
    assert set(NOT_EXPORTED) <= set(pointing)
    assert not set(NOT_EXPORTED) & exported


def _reauthenticate(client, next_url):
    """Sign in again with the password on allauth's page; return its final response."""
    return client.post(
        reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "next": next_url}
    )


def _archive(response):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["data.json", "index.html", "style.css"]
    return json.loads(archive.read("data.json"))["data"], archive.read("index.html").decode()


@pytest.mark.django_db
def test_a_person_downloads_everything_after_signing_in_again(
    client, community, django_capture_on_commit_callbacks
):
    life = full_life(community)
    person = life.person
    client.force_login(person)
    assert reverse("my_data") in client.get(reverse("profile")).content.decode()
    assert client.get(reverse("my_data")).status_code == 200

    # Asking for the data needs a fresh sign-in: allauth keeps the request and replays it.
    prepare = reverse("prepare_my_data")
    asked = client.post(prepare)
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
    assert not PersonalDataExport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        resumed = _reauthenticate(client, prepare)
    assert resumed.status_code == 302 and resumed.url == reverse("my_data")
    export = PersonalDataExport.objects.get(user=person)
    assert export.is_ready  # the task ran (tasks run at once in tests)
    assert export.expires_at - export.created_at == timedelta(days=7)

    page = client.get(reverse("my_data")).content.decode()
    download = reverse("download_my_data", args=[export.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, html = _archive(response)

    profile = data["portal.User"][0]
    assert (profile["display_name"], profile["phone"], profile["email"]) == (NAME, PHONE, EMAIL)
    assert [a["email"] for a in data["account.EmailAddress"]] == [EMAIL]
    assert [a["type"] for a in data["mfa.Authenticator"]] == ["totp"]
    comments = {c["comment"] for c in data["django_comments.Comment"]}
    assert comments == {"建议每周清理一次。", "晾衣架放在楼顶吧。"}
    assert sorted(f["kind"] for f in data["django_comments.CommentFlag"]) == ["like", "report"]
    assert [m["title"] for m in data["governance.Matter"]] == ["楼道堆物怎么办"]
    votes = {v["matter"]: v["choice"] for v in data["governance.Participation"]}
    assert votes == {"楼道堆物怎么办": "for", "晾衣架": "abstain"}  # their own, as it is now
    assert len(data["covenant.Adoption"]) == 1
    assert [e["course"] for e in data["training.Enrolment"]] == ["新婚知识"]
    assert [lc["lesson__title"] for lc in data["training.Enrolment"][0]["lessons_completed"]] == [
        "第1课"
    ]
    assert [c["code"] for c in data["training.Certificate"]] == [life.certificate.code]
    assert [r["training_class__title"] for r in data["training.Registration"]] == ["新婚讲座"]
    assert [m["role"] for m in data["associations.Membership"]] == ["leader"]
    assert {m["title"] for m in data["associations.Minutes"]} == {life.minutes.title}
    assert len(data["associations.Minutes"]) == 2  # wrote them, and attended
    assert any("有人回复了你的评论" in n["message"] for n in data["portal.Notification"])
    assert [e["action"] for e in data["portal.AuditEntry"]]  # verified by staff
    assert data["portal.PersonalDataExport"]
    assert [c["notice__version"] for c in data["privacy.ConsentRecord"]] == [1]
    consents = data["privacy.SensitiveConsent"]
    assert [c["purpose"] for c in consents] == ["health_checkup", "family_help"]
    assert [c["withdrawn_at"] for c in consents] == [None, None]
    assert data["privacy.GuardianConsent"] == []
    assert [m["reason"] for m in data["portal.MoveRequest"]] == [f"{NAME}一家搬去女儿家附近。"]
    assert [(u["name"], u["lead_phone"]) for u in data["units.Unit"]] == [("晓岚便利店", PHONE)]
    assert [c["unit__name"] for c in data["units.Coordinator"]] == ["城南工地"]
    assert [s["agreement__title"] for s in data["units.WorkerSignature"]] == [
        "工地与务工人员责任书"
    ]
    (booking,) = data["care.Booking"]
    assert (booking["day__place"], booking["remind_by_sms"]) == ("社区卫生服务站", True)
    (help_request,) = data["care.HelpRequest"]
    assert help_request["description"] == f"{NAME}家的孩子随迁入学，需要帮助。"
    assert [step["note"] for step in help_request["steps"]] == ["", "已转教育局。"]
    assert help_request["documents"] == ["户口本.pdf"]
    assert [d["name"] for d in data["care.HelpDocument"]] == ["户口本.pdf"]
    assert data["care.HelpStep"] == [] and data["care.CheckupDay"] == []  # staff work: none
    # The readable page holds the same things.
    for text in (
        NAME,
        PHONE,
        "楼道堆物怎么办",
        "新婚知识",
        life.certificate.code,
        life.minutes.title,
        "晓岚便利店",
        "工地与务工人员责任书",
        "户口本.pdf",
        "已转教育局。",
    ):
        assert text in html
    with translation.override("en"):
        headings = [heading for heading, _key, _rows in sections(collect(person))]
    for heading in (
        "Versions of the privacy notice you agreed to",
        "Your requests to move, and those you decided",
        "Units you lead",
        "Agreements you signed",
        "Your health check-up bookings",
        "Your requests for help, and those you handled",
    ):
        assert heading in headings


@pytest.mark.django_db
def test_staff_find_what_they_handled_without_the_people_it_was_for(community):
    life = full_life(community)
    staff = life.others[0]
    with translation.override("en"):
        data = collect(staff)
    (handled,) = data["care.HelpRequest"].rows
    assert handled["handled_by_you"] is True and handled["filed_by_you"] is False
    assert set(handled) == {"received_at", "handled_by_you", "filed_by_you"}
    assert [step["status"] for step in data["care.HelpStep"].rows] == ["Referred"]
    assert [day["place"] for day in data["care.CheckupDay"].rows] == ["社区卫生服务站"]
    assert data["care.Booking"].rows == [] and data["care.HelpDocument"].rows == []
    care = json.dumps(
        {key: plain(part) for key, part in data.items() if key.startswith("care.")},
        ensure_ascii=False,
    )
    for text in (NAME, "户口本", "随迁入学", "已转教育局"):
        assert text not in care


@pytest.mark.django_db
def test_the_download_is_theirs_alone_fresh_and_for_a_limited_time(client, community):
    life = full_life(community)
    export = PersonalDataExport.objects.create(user=life.person)
    from portal.personal_data.services import prepare

    prepare(export)
    download = reverse("download_my_data", args=[export.pk])

    # Signed in, but not freshly: asked to sign in again first.
    client.force_login(life.person)
    response = client.get(download)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert _reauthenticate(client, download).url == download
    assert client.get(download).status_code == 200

    # Someone else, freshly signed in too, finds nothing there.
    other = UserFactory(community=community)
    client.force_login(other)
    _reauthenticate(client, download)
    assert client.get(download).status_code == 404

    # Once its time is up it is no longer offered, and the daily purge deletes it and its file.
    client.force_login(life.person)
    _reauthenticate(client, download)
    path = export.file.path
    PersonalDataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(download).status_code == 404
    call_command("purge_personal_data_exports", stdout=io.StringIO())
    assert not PersonalDataExport.objects.filter(pk=export.pk).exists()
    import os

    assert not os.path.exists(path)  # noqa: PTH110


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for name in ("my_data", "delete_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response.url


def test_asking_again_while_it_is_prepared_gives_the_same_download(db):
    from portal.personal_data.services import request_export

    person = UserFactory()
    first = request_export(person)  # the task waits for the commit, which never comes here
    assert request_export(person) == first
    # A task that failed: after an hour it no longer stands in the way of a new one.
    PersonalDataExport.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    assert request_export(person) != first
