from django.db import migrations

CODENAMES = {"view_matter": "Can view matter", "change_matter": "Can change matter"}


def grant(apps, schema_editor):
    """Community staff read and correct matters in the Wagtail admin."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    matter_type, _ = ContentType.objects.get_or_create(app_label="governance", model="matter")
    staff, _ = Group.objects.get_or_create(name="community_staff")
    for codename, name in CODENAMES.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=matter_type, codename=codename, defaults={"name": name}
        )
        staff.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("portal", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
