"""The association models now belong to the ``associations`` app (pages/associations).

State only: their tables stay as they are, under their old names, and ``associations``
0001 has taken them over (it runs first).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('associations', '0001_initial'),
        ('pages', '0005_shared_blocks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='associationindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='associationpage',
                    name='community',
                ),
                migrations.RemoveField(
                    model_name='associationpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='association',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='association',
                ),
                migrations.RemoveField(
                    model_name='meeting',
                    name='association',
                ),
                migrations.RemoveField(
                    model_name='attachment',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='attachment',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='decision',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='attendees',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='matters',
                ),
                migrations.RemoveField(
                    model_name='minutesrevision',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutesrevision',
                    name='edited_by',
                ),
                migrations.DeleteModel(
                    name='Action',
                ),
                migrations.DeleteModel(
                    name='AssociationIndexPage',
                ),
                migrations.DeleteModel(
                    name='AssociationPage',
                ),
                migrations.DeleteModel(
                    name='Meeting',
                ),
                migrations.DeleteModel(
                    name='Attachment',
                ),
                migrations.DeleteModel(
                    name='Decision',
                ),
                migrations.DeleteModel(
                    name='Membership',
                ),
                migrations.DeleteModel(
                    name='Minutes',
                ),
                migrations.DeleteModel(
                    name='MinutesRevision',
                ),
            ],
        ),
    ]
