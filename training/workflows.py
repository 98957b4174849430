"""What happens when a workflow is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail publishes the approved revision as the last approver, and refuses when that
approver lacks the publish permission. School staff never have it (so nobody skips the
workflow by publishing directly): for them, a colleague's second-person approval is the
permission to publish. Every other workflow keeps Wagtail's own rule.

Wagtail imports this module while its own models load, so models are imported inside.
"""


def publish_approved(workflow_state, user=None):
    from wagtail.models import TaskState

    from .models import SecondPersonApprovalTask

    second_person_approved = workflow_state.task_states.filter(
        task__in=SecondPersonApprovalTask.objects.all(), status=TaskState.STATUS_APPROVED
    ).exists()
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=second_person_approved
    )
