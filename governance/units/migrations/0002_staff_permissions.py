from django.db import migrations

VERBS = {"add": "Can add", "change": "Can change", "view": "Can view"}
MODELS = {"agreementtemplate": "agreement template", "agreement": "responsibility agreement"}


def grant(apps, schema_editor):
    """Community staff write agreement templates and agreements in the Wagtail admin."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name="community_staff")
    for model, name in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="units", model=model)
        for verb, label in VERBS.items():
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{verb}_{model}",
                defaults={"name": f"{label} {name}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial"), ("portal", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
