"""Delete my account: after a fresh sign-in and an explanation, nothing in any table holds
the person's id, phone, name or e-mail; comments stay as "a former resident"; ballots stay
counted and every tally still equals its ballots."""

import os

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_comments_xtd.models import XtdComment

from governance.models import Ballot, Participation, Tally
from portal.audit.models import Action, AuditEntry
from portal.factories import TEST_PASSWORD
from portal.personal_data.models import PersonalDataExport
from portal.personal_data.services import erase, prepare
from tests.factories.personal_data import EMAIL, NAME, PHONE, full_life
from training.care.models import Booking, CheckupDay, HelpDocument, HelpRequest, HelpStep
from training.models import Registration

IDENTIFYING = (NAME, PHONE, PHONE.removeprefix("+86"), EMAIL)


def rows_holding(text):
    """``(table, column)`` of every row of every table whose value, as text, contains
    ``text``: the whole database, read through introspection, whatever the models say."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "
                    f"WHERE CAST({quote(column.name)} AS TEXT) LIKE %s",
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column.name))
    return found


def references_to(pk):
    """Every column that refers to the user table and holds ``pk``: the database's own
    foreign keys (introspected), the models' (some have no constraint) and generic ones."""
    User = get_user_model()
    user_table = User._meta.db_table
    columns = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column, (_to_column, to_table) in connection.introspection.get_relations(
                cursor, table
            ).items():
                if to_table == user_table:
                    columns.add((table, column))
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_concrete_fields:  # an inherited field is in its own table
            if field.is_relation and field.related_model is User:
                columns.add((model._meta.db_table, field.column))
    found = [(table, column) for table, column in sorted(columns) if _holds(table, column, pk)]
    user_type = ContentType.objects.get_for_model(User)
    for model in apps.get_models():
        for generic in model._meta.private_fields:
            if isinstance(generic, GenericForeignKey):
                ct = model._meta.get_field(generic.ct_field).column
                fk = model._meta.get_field(generic.fk_field)
                rows = model._default_manager.filter(**{ct: user_type.pk, fk.name: str(pk)})
                if rows.exists():
                    found.append((model._meta.db_table, fk.column))
    return found


def _holds(table, column, value):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(column)} = %s", [value])
        return cursor.fetchone()[0] > 0


def tallies():
    return {
        tally.matter_id: (tally.online_for, tally.online_against, tally.online_abstain)
        for tally in Tally.objects.all()
    }


def assert_every_tally_equals_its_ballots():
    for matter, counts in tallies().items():
        ballots = tuple(
            Ballot.objects.filter(matter=matter, choice=choice).count()
            for choice in ("for", "against", "abstain")
        )
        assert counts == ballots, matter


@pytest.mark.django_db
def test_a_person_deletes_their_account_and_nothing_of_them_is_left(
    client, community, django_capture_on_commit_callbacks
):
    life = full_life(community)
    person, (staff, neighbour) = life.person, life.others
    pk = person.pk
    archive = prepare(PersonalDataExport.objects.create(user=person)).file.path
    document = life.care["document"].file.path
    assert os.path.exists(document)  # noqa: PTH110
    phone = Client()
    phone.force_login(person)  # signed in on another device too
    assert all(rows_holding(text) for text in IDENTIFYING)  # the scan does find them
    assert references_to(pk)
    before = tallies()
    assert sum(map(sum, before.values())) == 3  # the person's two votes and the neighbour's

    client.force_login(person)
    assert reverse("delete_account") in client.get(reverse("profile")).content.decode()
    # A fresh sign-in first, then the explanation.
    delete = reverse("delete_account")
    response = client.get(delete)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(
        reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "next": delete}
    )
    assert response.url == delete
    with translation.override("en"):
        page = client.get(delete, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    # Not confirmed: nothing happens, and the form says why.
    assert client.post(delete, {}).status_code == 200
    assert get_user_model().objects.filter(pk=pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete, {"confirm": "on", "remove_unanswered_comments": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=pk).exists()
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    assert not os.path.exists(archive)  # noqa: PTH110

    # Nothing in any table names, reaches or refers to the person.
    for text in IDENTIFYING:
        assert rows_holding(text) == [], text
    assert references_to(pk) == []

    # Ballots stay counted: the same tallies, each equal to its ballots, none found by the key.
    assert tallies() == before
    assert_every_tally_equals_its_ballots()
    assert not Participation.objects.filter(voter_id=pk).exists()

    # The answered comment stays, by nobody; the unanswered one went, as asked.
    answered = XtdComment.objects.get(pk=life.comments["answered"].pk)
    assert (answered.user_id, answered.user_name, answered.user_email) == (None, "", "")
    assert answered.ip_address is None
    assert XtdComment.objects.filter(pk=life.comments["reply"].pk).exists()
    assert not XtdComment.objects.filter(pk=life.comments["unanswered"].pk).exists()
    client.force_login(staff)
    with translation.override("en"):
        url = life.matters[0].get_absolute_url()
    matter_page = client.get(url).content.decode()
    assert "a former resident" in matter_page
    assert "建议每周清理一次。" in matter_page

    # The certificate no longer checks out; the class place went to the person waiting.
    code = life.certificate.code
    assert client.get(reverse("training:certificate", args=[code])).status_code == 404
    assert Registration.objects.get(user=neighbour).status == Registration.Status.CONFIRMED

    # Their check-up place went to the neighbour waiting; their request for help went with
    # its steps, its document and the document's private file.
    assert Booking.objects.get(user=neighbour).status == Booking.Status.CONFIRMED
    assert not Booking.objects.filter(user_id=pk).exists()
    assert not HelpRequest.objects.exists() and not HelpStep.objects.exists()
    assert not HelpDocument.objects.exists()
    assert not os.path.exists(document)  # noqa: PTH110

    # The audit log records the erasure, naming no one; older entries lost the link.
    erased = AuditEntry.objects.get(action=Action.ERASE_ACCOUNT)
    assert (erased.actor_id, erased.person_id, erased.address) == (None, None, None)
    assert erased.community == community
    with translation.override("en"):
        assert erased.actor_name == "the account's owner"
    verified = AuditEntry.objects.get(action=Action.VERIFY_RESIDENT)
    assert verified.person_id is None and verified.actor_id == staff.pk


@pytest.mark.django_db
def test_comments_stay_as_a_former_resident_unless_removal_is_asked(community):
    life = full_life(community)
    erase(life.person)
    for key in ("answered", "unanswered"):  # the person's own: both stay, by nobody
        comment = XtdComment.objects.get(pk=life.comments[key].pk)
        assert comment.comment and comment.user_id is None and comment.user_name == ""
    assert XtdComment.objects.get(pk=life.comments["reply"].pk).user == life.others[1]
    assert_every_tally_equals_its_ballots()


@pytest.mark.django_db
def test_what_staff_handled_stays_without_them(community, django_capture_on_commit_callbacks):
    """A request a staff member handled is the family's: it keeps its steps and document
    when the staff member's account goes, only the link to them is gone."""
    life = full_life(community)
    staff = life.others[0]
    staff_pk = staff.pk
    help_request = life.care["help_request"]
    with django_capture_on_commit_callbacks(execute=True):
        erase(staff)
    help_request.refresh_from_db()
    assert help_request.person == life.person and help_request.assigned_to is None
    steps = list(help_request.steps.values_list("status", "note", "by"))
    assert steps == [("received", "", None), ("referred", "已转教育局。", None)]
    document = help_request.documents.get()
    assert os.path.exists(document.file.path)  # noqa: PTH110
    assert CheckupDay.objects.get(pk=life.care["day"].pk).created_by is None
    assert references_to(staff_pk) == []


@pytest.mark.django_db
def test_an_account_deleted_in_the_admin_is_erased_the_same_way(community):
    """Deleted another way than the person's own page (an admin, the shell): every
    capability's eraser runs, so no name stays behind and the tallies still add up."""
    life = full_life(community)
    pk = life.person.pk
    get_user_model().objects.filter(pk=pk).delete()
    for text in IDENTIFYING:
        assert rows_holding(text) == [], text
    assert references_to(pk) == []
    assert_every_tally_equals_its_ballots()


@pytest.mark.django_db
def test_erasing_a_voter_after_voting_ended_changes_no_outcome(community):
    """The electorate of a finished vote is counted before the person goes (they voted,
    so they were eligible): turnout and quorum stay what they were."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Site

    from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
    from governance.models import Electorate
    from governance.services import cast_vote
    from portal.factories import UserFactory

    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    session = SessionPageFactory(
        parent=index, community=community, collecting_starts=timezone.now() - timedelta(days=35)
    )
    matter = MatterFactory(session=session)
    voters = [UserFactory(community=community, verified=True) for _n in range(3)]
    for voter in voters:
        cast_vote(matter, voter, "for")
    assert not Electorate.objects.filter(session=session).exists()

    erase(voters[0])

    assert Electorate.objects.get(session=session).eligible == 3
    assert session.eligible_voters() == 3
    assert tallies()[matter.pk] == (3, 0, 0)
    assert_every_tally_equals_its_ballots()
