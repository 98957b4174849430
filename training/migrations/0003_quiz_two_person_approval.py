"""Quizzes go through the school's two-person approval, like lessons.

Creates (or finds) the "Two-person approval" workflow with its second-person task for
the school staff group, and assigns it to the quiz model's content type, so that every
quiz change waits for a colleague. School staff may add, change and view quizzes but not
publish or delete them (either would change what learners see without a colleague).
Kept in step with ``training.permissions.setup``, which repeats it idempotently.
"""

from django.db import migrations

WORKFLOW_NAME = "Two-person approval"
TASK_NAME = "Approval by another school staff member"
SCHOOL_STAFF = "school_staff"
MODEL_PERMISSIONS = {
    "quiz": ["add", "change", "view"],
    "trainingclass": ["add", "change", "delete", "view"],
}
NAMES = {"quiz": "quiz", "trainingclass": "class"}


def assign_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    SecondPersonApprovalTask = apps.get_model("training", "SecondPersonApprovalTask")

    group, _ = Group.objects.get_or_create(name=SCHOOL_STAFF)
    for model, verbs in MODEL_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="training", model=model)
        for verb in verbs:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{verb}_{model}",
                defaults={"name": f"Can {verb} {NAMES[model]}"},
            )
            group.permissions.add(permission)
    quiz_type = ContentType.objects.get(app_label="training", model="quiz")
    group.permissions.remove(
        *Permission.objects.filter(content_type=quiz_type, codename__in=["delete_quiz"])
    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = SecondPersonApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="training", model="secondpersonapprovaltask"
        )
        task = SecondPersonApprovalTask.objects.create(name=TASK_NAME, content_type=task_type)
        task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=quiz_type, defaults={"workflow": workflow}
    )


def unassign_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__in=ContentType.objects.filter(app_label="training", model="quiz")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_quiz_drafts_and_workflow"),
        ("portal", "0003_roles"),
    ]

    operations = [migrations.RunPython(assign_workflow, unassign_workflow)]
