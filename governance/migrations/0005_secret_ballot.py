"""The secret ballot: "who voted" (Participation) split from "how" (Ballot).

Each old vote becomes a participation (the day it was cast, in the matter's community) and
a ballot with a random key and the keyed token of its voter, put in the new table in random
order. On SQLite the ballot table is rebuilt ``WITHOUT ROWID`` first, so that its rows lie
in the order of their random keys. See docs/privacy-threat-model.md.
"""

import hashlib
import hmac
import random
import uuid
from datetime import datetime, time

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def ballot_token(voter_id, matter_id):
    """As ``governance.models.ballot_token`` is today (a migration keeps its own copy)."""
    message = f"{voter_id}|{matter_id}".encode()
    return hmac.new(settings.YISHI_BALLOT_KEY.encode(), message, hashlib.sha256).hexdigest()


def ballots_without_rowid(apps, schema_editor):
    """SQLite: rebuild the (still empty) ballot table as ``WITHOUT ROWID``, which stores rows
    in primary-key order: the rows then hold no hidden insertion sequence (``rowid``)."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    table = "governance_ballot"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        (create,) = cursor.fetchone()
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute(f"{create} WITHOUT ROWID")
        for index in indexes:
            cursor.execute(index)


def split_votes(apps, schema_editor):
    Vote = apps.get_model("governance", "Vote")
    Participation = apps.get_model("governance", "Participation")
    Ballot = apps.get_model("governance", "Ballot")
    votes = list(
        Vote.objects.select_related("matter").values_list(
            "matter_id", "voter_id", "choice", "cast_at", "matter__community_id"
        )
    )
    Participation.objects.bulk_create(
        Participation(
            matter_id=matter,
            voter_id=voter,
            community_id=community,
            voted_on=timezone.localdate(cast_at),
        )
        for matter, voter, _choice, cast_at, community in votes
    )
    ballots = [
        Ballot(id=uuid.uuid4(), matter_id=matter, token=ballot_token(voter, matter), choice=choice)
        for matter, voter, choice, _cast_at, _community in votes
    ]
    random.SystemRandom().shuffle(ballots)
    Ballot.objects.bulk_create(ballots)


def join_votes(apps, schema_editor):
    """Back to one row per vote, found through the key (only with the key they were cast under)."""
    Vote = apps.get_model("governance", "Vote")
    Participation = apps.get_model("governance", "Participation")
    Ballot = apps.get_model("governance", "Ballot")
    choices = dict(Ballot.objects.values_list("token", "choice"))
    votes = []
    for participation in Participation.objects.all():
        choice = choices.get(ballot_token(participation.voter_id, participation.matter_id))
        if choice:
            votes.append(
                Vote(
                    matter_id=participation.matter_id,
                    voter_id=participation.voter_id,
                    choice=choice,
                    cast_at=timezone.make_aware(datetime.combine(participation.voted_on, time())),
                )
            )
    Vote.objects.bulk_create(votes)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0004_electorate_and_staff_session_permissions"),
        ("portal", "0004_commentmoderation_discussionfollow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Ballot",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("token", models.CharField(max_length=64, unique=True)),
                (
                    "choice",
                    models.CharField(
                        choices=[("for", "For"), ("against", "Against"), ("abstain", "Abstain")],
                        max_length=10,
                    ),
                ),
                (
                    "matter",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ballots",
                        to="governance.matter",
                    ),
                ),
            ],
            options={"verbose_name": "ballot"},
        ),
        migrations.AddIndex(
            model_name="ballot",
            index=models.Index(fields=["matter", "id"], name="governance_ballot_box"),
        ),
        migrations.RunPython(ballots_without_rowid, migrations.RunPython.noop),
        migrations.CreateModel(
            name="Participation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("voted_on", models.DateField(default=django.utils.timezone.localdate)),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.community",
                    ),
                ),
                (
                    "matter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="governance.matter",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "participation"},
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("matter", "voter"), name="governance_one_participation_per_person"
            ),
        ),
        migrations.RunPython(split_votes, join_votes),
        migrations.DeleteModel(name="Vote"),
    ]
