"""The school staff's place in the Wagtail admin, set up idempotently.

School staff may add and edit pages only under the course catalogue, write quizzes,
manage classes, and use images and documents; they cannot publish (nor delete a quiz).
Publishing lessons, courses and quizzes goes through the "two-person approval" workflow:
a colleague in the group approves. Classes are timetable entries that take effect at
once (see ``TrainingClass``). The data migration ``0003_quiz_two_person_approval`` does
the same for a fresh database.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from portal import roles

from .models import CourseIndexPage, Quiz, SecondPersonApprovalTask, TrainingClass

WORKFLOW_NAME = "Two-person approval"
TASK_NAME = "Approval by another school staff member"
PAGE_PERMISSIONS = ["add_page", "change_page"]
MODEL_PERMISSIONS = {
    Quiz: ["add", "change", "view"],
    TrainingClass: ["add", "change", "delete", "view"],
}
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def setup(index=None):
    """Give school staff their permissions on ``index`` (the catalogue) and its workflow."""
    group = Group.objects.get(name=roles.SCHOOL_STAFF)
    for model, verbs in MODEL_PERMISSIONS.items():
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        group.permissions.add(
            *Permission.objects.filter(
                content_type=content_type, codename__in=[f"{verb}_{name}" for verb in verbs]
            )
        )
        group.permissions.remove(
            *Permission.objects.filter(content_type=content_type).exclude(
                codename__in=[f"{verb}_{name}" for verb in verbs]
            )
        )
    root = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    workflow = _workflow(group)
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Quiz), defaults={"workflow": workflow}
    )
    index = index or CourseIndexPage.objects.first()
    if index is None:
        return None
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _workflow(group):
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task, created = SecondPersonApprovalTask.objects.get_or_create(name=TASK_NAME)
    if created:
        task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow
