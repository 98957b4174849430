"""The school staff's place in the Wagtail admin, set up idempotently.

School staff may add and edit pages only under the course catalogue, manage quizzes
and classes, and use images and documents; they cannot publish. Publishing goes through
the "two-person approval" workflow: a colleague in the group approves.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal import roles

from .models import CourseIndexPage, Quiz, SecondPersonApprovalTask, TrainingClass

WORKFLOW_NAME = "Two-person approval"
TASK_NAME = "Approval by another school staff member"
PAGE_PERMISSIONS = ["add_page", "change_page"]
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
    for model in (Quiz, TrainingClass):
        content_type = ContentType.objects.get_for_model(model)
        group.permissions.add(
            *Permission.objects.filter(
                content_type=content_type,
                codename__in=[
                    f"{verb}_{model._meta.model_name}"
                    for verb in ("add", "change", "delete", "view")
                ],
            )
        )
    root = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
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
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task, created = SecondPersonApprovalTask.objects.get_or_create(name=TASK_NAME)
    if created:
        task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
