"""The association models, moved here from the ``pages`` app without touching a row.

The tables keep their names (``Meta.db_table``), so this migration only tells Django's
state that the models now belong to ``associations`` (``pages`` 0006 forgets them there).
Their content types are renamed in place: Wagtail pages, revisions, log entries and the
reference index, comments, permissions and anything else that names a model by content
type keep pointing at the same rows under the new label.
"""

import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
import pages.associations.models
import portal.storage
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MODELS = [
    'associationindexpage',
    'associationpage',
    'membership',
    'meeting',
    'minutes',
    'decision',
    'action',
    'attachment',
    'minutesrevision',
]


def move_content_types(apps, schema_editor, source='pages', target='associations'):
    """Relabel the models' content types from ``source`` to ``target``, keeping their ids."""
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates the type under the new label
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            # Only made by hand: which rows point at which is for a person to decide.
            raise RuntimeError(
                f'Content types {source}.{model} and {target}.{model} both exist; '
                f'merge them into {source}.{model} before migrating.'
            )
        old.app_label = target
        old.save(update_fields=['app_label'])
    ContentType.objects.clear_cache()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source='associations', target='pages')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('governance', '0001_initial'),
        ('pages', '0005_shared_blocks'),
        ('portal', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (pages 0003 made them): nothing to do in the database.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='AssociationIndexPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('introduction', models.TextField(blank=True, max_length=500, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('heading', 0), ('paragraph', 1), ('image', 4), ('callout', 7), ('document', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'description': 'A section heading.', 'form_classname': 'title', 'icon': 'title', 'label': 'Heading', 'preview_value': '议事规则', 'template': 'portal/blocks/heading.html'}), 1: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with simple formatting.', 'features': ['bold', 'italic', 'link', 'ol', 'ul', 'h3'], 'icon': 'pilcrow', 'label': 'Paragraph', 'preview_value': '<p>每一件事，大家一起商量。</p>'}), 2: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 200, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('image', 2), ('caption', 3)]], {}), 5: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('info', 'Note'), ('warning', 'Important')], 'label': 'Kind'}), 6: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link'], 'label': 'Text'}), 7: ('wagtail.blocks.StructBlock', [[('kind', 5), ('text', 6)]], {}), 8: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'File'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 120, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('document', 8), ('title', 9)]], {})}, verbose_name='body')),
                    ],
                    options={
                        'verbose_name': 'association index',
                        'db_table': 'pages_associationindexpage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='AssociationPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('introduction', models.TextField(blank=True, max_length=500, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('heading', 0), ('paragraph', 1), ('image', 4), ('callout', 7), ('document', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'description': 'A section heading.', 'form_classname': 'title', 'icon': 'title', 'label': 'Heading', 'preview_value': '议事规则', 'template': 'portal/blocks/heading.html'}), 1: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with simple formatting.', 'features': ['bold', 'italic', 'link', 'ol', 'ul', 'h3'], 'icon': 'pilcrow', 'label': 'Paragraph', 'preview_value': '<p>每一件事，大家一起商量。</p>'}), 2: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 200, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('image', 2), ('caption', 3)]], {}), 5: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('info', 'Note'), ('warning', 'Important')], 'label': 'Kind'}), 6: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link'], 'label': 'Text'}), 7: ('wagtail.blocks.StructBlock', [[('kind', 5), ('text', 6)]], {}), 8: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'File'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 120, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('document', 8), ('title', 9)]], {})}, verbose_name='body')),
                        ('site_type', models.CharField(choices=[('committee', 'Community committee'), ('market', 'Market'), ('construction_site', 'Construction site'), ('compound', 'Residential compound')], max_length=20, verbose_name='site type')),
                        ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                        ('location_description', models.CharField(blank=True, help_text='For example: the blue gate behind the vegetable market, second floor.', max_length=300, verbose_name='how to find it')),
                        ('meeting_schedule', models.CharField(blank=True, help_text='For example: the first Sunday of every month, 7 pm.', max_length=200, verbose_name='meeting schedule')),
                        ('contact_phone', models.CharField(blank=True, help_text='Shown to members only.', max_length=40, verbose_name='contact phone')),
                        ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='associations', to='portal.community', verbose_name='community')),
                    ],
                    options={
                        'verbose_name': 'association',
                        'verbose_name_plural': 'associations',
                        'db_table': 'pages_associationpage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField(verbose_name='starts at')),
                        ('place', models.CharField(max_length=200, verbose_name='place')),
                        ('topic', models.CharField(blank=True, max_length=200, verbose_name='topic')),
                        ('association', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='associations.associationpage')),
                    ],
                    options={
                        'verbose_name': 'meeting',
                        'verbose_name_plural': 'meetings',
                        'db_table': 'pages_meeting',
                        'ordering': ['starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Minutes',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=120, verbose_name='title')),
                        ('held_on', models.DateField(verbose_name='date')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                        ('attendance', models.PositiveIntegerField(default=0, verbose_name='number present')),
                        ('agenda', models.TextField(blank=True, help_text='One item per line.', verbose_name='agenda')),
                        ('discussion', models.TextField(blank=True, verbose_name='what was said')),
                        ('visibility', models.CharField(choices=[('public', 'Everyone'), ('members', 'Members only')], default='public', max_length=10, verbose_name='who can read it')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('association', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='minutes', to='associations.associationpage', verbose_name='association')),
                        ('attendees', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='members present')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by')),
                        ('matters', models.ManyToManyField(blank=True, help_text='Quarterly-session matters this meeting talked about.', related_name='minutes', to='governance.matter', verbose_name='matters discussed')),
                    ],
                    options={
                        'verbose_name': 'meeting minutes',
                        'verbose_name_plural': 'meeting minutes',
                        'db_table': 'pages_minutes',
                        'ordering': ['-held_on', '-pk'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('text', models.CharField(max_length=300, verbose_name='decision')),
                        ('votes_for', models.PositiveIntegerField(default=0, verbose_name='for')),
                        ('votes_against', models.PositiveIntegerField(default=0, verbose_name='against')),
                        ('votes_abstain', models.PositiveIntegerField(default=0, verbose_name='abstain')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='associations.minutes')),
                    ],
                    options={
                        'db_table': 'pages_decision',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Attachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('photo', 'Photo'), ('document', 'Document')], max_length=10)),
                        ('file', models.FileField(max_length=200, storage=portal.storage.private_storage, upload_to=pages.associations.models._attachment_path)),
                        ('name', models.CharField(max_length=200, verbose_name='file name')),
                        ('content_type', models.CharField(max_length=100)),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='associations.minutes')),
                    ],
                    options={
                        'db_table': 'pages_attachment',
                        'ordering': ['kind', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Action',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('text', models.CharField(max_length=300, verbose_name='action')),
                        ('owner', models.CharField(blank=True, max_length=60, verbose_name='who will do it')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='by when')),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='associations.minutes')),
                    ],
                    options={
                        'db_table': 'pages_action',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MinutesRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('edited_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('changes', models.JSONField(blank=True, default=list)),
                        ('published', models.BooleanField(default=False)),
                        ('edited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('minutes', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='associations.minutes')),
                    ],
                    options={
                        'db_table': 'pages_minutesrevision',
                        'ordering': ['-edited_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('member', 'Member'), ('leader', 'Leader')], default='member', max_length=10, verbose_name='role')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('active', 'Member'), ('declined', 'Declined')], default='pending', max_length=10, verbose_name='status')),
                        ('title', models.CharField(blank=True, help_text='For leaders, e.g. chair, secretary.', max_length=30, verbose_name='title')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('association', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='associations.associationpage', verbose_name='association')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='association_memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'membership',
                        'verbose_name_plural': 'memberships',
                        'db_table': 'pages_membership',
                        'ordering': ['-role', 'created_at'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'association'), name='one_membership_per_user'), models.CheckConstraint(condition=models.Q(models.Q(('role', 'leader'), _negated=True), ('status', 'active'), _connector='OR'), name='leaders_are_active_members')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
