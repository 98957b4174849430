"""Front-end views for associations: membership, meetings and minutes, built for phones.

Every view asks an ``associations.*`` permission (see ``rules``) of the object it acts on,
validates with ``forms`` and leaves every write and notification to ``services``.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import audit
from portal.access import lookup

from . import services
from .forms import AssociationForm, LeaderForm, MeetingForm, MinutesEditor
from .models import AssociationPage, Meeting, Membership, Minutes


def permission(perm, queryset):
    """Load the object named by ``pk`` from ``queryset()`` and ask ``perm`` of it.

    Anonymous visitors are sent to log in; signed-in users without it get a 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            obj = lookup(queryset(), pk=pk)
            if not request.user.has_perm(perm, obj):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        return wrapped

    return decorator


def associations():
    return AssociationPage.objects.live().select_related("community")


def all_minutes():
    return Minutes.objects.select_related("association__community")


def memberships():
    return Membership.objects.select_related("association__community", "user")


# The association's page


@permission("associations.change_associationpage", associations)
def association_edit(request, association):
    form = AssociationForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        services.update_association_page(form.instance, request.user)
        messages.success(request, _("The association's page has been updated."))
        return redirect(association.url)
    return render(
        request,
        "associations/association_form.html",
        {"association": association, "form": form},
    )


# Membership


@require_POST
@permission("associations.join_association", associations)
def join(request, association):
    services.ask_to_join(association, request.user)
    messages.success(request, _("Your request has been sent to the association's leaders."))
    return redirect(association.url)


@require_POST
@permission("associations.leave_association", associations)
def leave(request, association):
    services.leave(association, request.user)
    messages.success(request, _("You have left %(association)s.") % {"association": association})
    return redirect(association.url)


@permission("associations.manage_members_association", associations)
def members(request, association):
    active = association.memberships_active().select_related("user")
    audit.record(request, audit.Action.READ_MEMBERS, association)
    return render(
        request,
        "associations/members.html",
        {
            "association": association,
            "pending": association.memberships.filter(
                status=Membership.Status.PENDING
            ).select_related("user"),
            "active": [(m, LeaderForm(instance=m, prefix=f"m{m.pk}")) for m in active],
        },
    )


@require_POST
@permission("associations.decide_membership", memberships)
def decide(request, membership):
    approve = request.POST.get("decision") == "approve"
    if services.decide_membership(membership, approve, by=request.user):
        audit.record(
            request,
            audit.Action.APPROVE_MEMBER if approve else audit.Action.DECLINE_MEMBER,
            membership.association,
            person=membership.user,
        )
        messages.success(request, _("Decision saved."))
    else:
        messages.warning(request, _("This request has already been decided."))
    return redirect("associations:members", membership.association_id)


@require_POST
@permission("associations.set_leader_association", memberships)
def set_role(request, membership):
    form = LeaderForm(request.POST, instance=membership, prefix=f"m{membership.pk}")
    if membership.status != Membership.Status.ACTIVE or not form.is_valid():
        messages.error(request, _("Only active members can be made leaders."))
    else:
        services.set_role(membership, form.cleaned_data["role"], form.cleaned_data["title"])
        audit.record(
            request,
            audit.Action.SET_MEMBER_ROLE,
            membership.association,
            person=membership.user,
            role=membership.role,
            title=membership.title,
        )
        messages.success(request, _("Saved."))
    return redirect("associations:members", membership.association_id)


# Upcoming meetings


@permission("associations.add_meeting", associations)
def meeting_add(request, association):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_meeting(association, request.user, **form.cleaned_data)
        messages.success(request, _("The meeting has been announced."))
        return redirect(association.url)
    return render(
        request, "associations/meeting_form.html", {"association": association, "form": form}
    )


@require_POST
@permission("associations.delete_meeting", lambda: Meeting.objects.select_related("association"))
def meeting_delete(request, meeting):
    services.delete_meeting(meeting)
    messages.success(request, _("The meeting has been removed."))
    return redirect(meeting.association.url)


# Minutes


def minutes_list(request, pk):
    association = lookup(associations(), pk=pk)
    return render(
        request,
        "associations/minutes_list.html",
        {
            "association": association,
            "minutes_list": Minutes.objects.visible_to(request.user, association),
        },
    )


@permission("associations.view_minutes", all_minutes)
def minutes_detail(request, minutes):
    return render(
        request,
        "associations/minutes_detail.html",
        {
            "minutes": minutes,
            "association": minutes.association,
            "photos": minutes.attachments.filter(kind="photo"),
            "documents": minutes.attachments.filter(kind="document"),
        },
    )


@permission("associations.view_minutes", all_minutes)
def minutes_history(request, minutes):
    return render(
        request,
        "associations/minutes_history.html",
        {
            "minutes": minutes,
            "association": minutes.association,
            "revisions": minutes.revisions.select_related("edited_by"),
        },
    )


@permission("associations.view_minutes", all_minutes)
def minutes_file(request, minutes, file_pk):
    attachment = lookup(minutes.attachments.all(), pk=file_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.kind == "document",
        filename=attachment.name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@permission("associations.add_minutes", associations)
def minutes_create(request, association):
    return _edit_minutes(request, association, None)


@permission("associations.change_minutes", all_minutes)
def minutes_edit(request, minutes):
    return _edit_minutes(request, minutes.association, minutes)


@require_POST
@permission("associations.delete_minutes", all_minutes)
def minutes_delete(request, minutes):
    services.delete_minutes(minutes)
    messages.success(request, _("The draft has been deleted."))
    return redirect(minutes.association.url)


def _edit_minutes(request, association, minutes):
    """One form for new and existing minutes: save a draft, publish, or save changes.

    With JavaScript the form also posts itself every little while with the
    ``X-Autosave`` header (files left out) and gets JSON back.
    """
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    editor = MinutesEditor(association, minutes, data, files)
    autosave = request.headers.get("X-Autosave") == "1"
    if request.method == "POST":
        if autosave and minutes is not None and minutes.is_published:
            return JsonResponse({"saved": False}, status=409)  # published records save explicitly
        if editor.is_valid():
            minutes, published = services.save_minutes(
                association,
                request.user,
                minutes,
                publish=request.POST.get("action") == "publish",
                **editor.cleaned(),
            )
            edit_url = reverse("associations:minutes_edit", args=[minutes.pk])
            if autosave:
                return JsonResponse(
                    {"saved": True, "url": edit_url, "time": timezone.localtime().strftime("%H:%M")}
                )
            if published:
                messages.success(request, _("The minutes have been published."))
                return redirect(minutes)
            if minutes.is_published:
                messages.success(request, _("Your changes have been saved and recorded."))
                return redirect(minutes)
            messages.success(request, _("Draft saved."))
            return redirect(edit_url)
        if autosave:
            return JsonResponse({"saved": False, "errors": editor.errors()}, status=400)
        messages.error(
            request,
            _("Nothing was saved: please correct the marked fields. Files must be chosen again."),
        )
    return render(
        request,
        "associations/minutes_form.html",
        {"association": association, "minutes": minutes, "editor": editor},
        status=400 if request.method == "POST" else 200,
    )
