"""Demo users have agreed to the notice in force (they would otherwise be asked first)."""

from . import services


def build(context):
    notice = services.notice_in_force()
    if notice is None:
        return
    for user in context.users.values():
        services.record_consent(user, notice)
