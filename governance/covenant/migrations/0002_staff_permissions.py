from django.db import migrations

CODENAMES = {"add": "Can add", "change": "Can change", "view": "Can view"}


def grant(apps, schema_editor):
    """Community staff edit covenant versions in the Wagtail admin."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="covenant", model="covenantversion")
    group, _ = Group.objects.get_or_create(name="community_staff")
    for verb, label in CODENAMES.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{verb}_covenantversion",
            defaults={"name": f"{label} covenant version"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("covenant", "0001_initial"), ("portal", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
