"""Who may do what with check-up days and requests for help (django-rules).

Check-up staff are the community staff of the day's community (and superusers): the
community committee runs the check-up days with the clinic, so the population school's
staff, who see only learning totals, see no booking. A booking is its person's and those
staff's; a request for help is its person's, the staff member assigned to it and the
community staff of the person's community."""

import rules

from portal.rules import (
    is_community_staff,
    is_member_of_community,
    is_object,
    is_signed_in,
    is_staff_of_community,
    no_object,
)


@rules.predicate
def day_is_open(user, day):
    return day is not None and day.is_upcoming


@rules.predicate
def is_own(user, obj):
    owner = getattr(obj, "user_id", None) or getattr(obj, "person_id", None)
    return obj is not None and owner == user.pk


@rules.predicate
def is_assigned(user, help_request):
    return help_request is not None and help_request.assigned_to_id == user.pk


@rules.predicate
def is_open_request(user, help_request):
    return help_request is not None and help_request.is_open


@rules.predicate
def has_community(user):
    return user.is_authenticated and user.community_id is not None


checkup_staff = is_staff_of_community

# Check-up days: residents of the community see them and book a place.
rules.add_perm("care.view_checkupday", is_object & (is_member_of_community | checkup_staff))
rules.add_perm("care.book_checkupday", is_signed_in & is_member_of_community & day_is_open)
rules.add_perm("care.schedule_checkupday", is_community_staff & (no_object | checkup_staff))
rules.add_perm("care.see_bookings", is_community_staff & (no_object | checkup_staff))
rules.add_perm("care.view_booking", is_signed_in & (is_own | checkup_staff))
rules.add_perm("care.cancel_booking", is_signed_in & is_own)
rules.add_perm("care.mark_booking", checkup_staff)

# Requests for help.
rules.add_perm("care.ask_for_help", has_community)
rules.add_perm("care.file_for_resident", is_community_staff & (no_object | is_staff_of_community))
rules.add_perm("care.see_help_requests", is_community_staff)
rules.add_perm(
    "care.view_helprequest", is_signed_in & (is_own | is_assigned | is_staff_of_community)
)
rules.add_perm("care.handle_helprequest", is_signed_in & (is_assigned | is_staff_of_community))
rules.add_perm(
    "care.add_document",
    is_signed_in & is_open_request & (is_own | is_assigned | is_staff_of_community),
)
