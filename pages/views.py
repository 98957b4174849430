"""Front-end views for associations: membership, meetings and minutes, built for phones.

Every view asks a ``pages.*`` permission (see ``pages.rules``) of the object it acts on.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import lookup
from portal.notifications import notify

from .associations import AssociationPage, Meeting, Membership, Minutes, sync_leader_role
from .forms import AssociationForm, LeaderForm, MeetingForm, MinutesEditor


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


@permission("pages.change_associationpage", associations)
def association_edit(request, association):
    form = AssociationForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        form.save(user=request.user)
        messages.success(request, _("The association's page has been updated."))
        return redirect(association.url)
    return render(
        request,
        "pages/associations/association_form.html",
        {"association": association, "form": form},
    )


# Membership


@require_POST
@permission("pages.join_association", associations)
def join(request, association):
    Membership.objects.update_or_create(
        association=association,
        user=request.user,
        defaults={"status": Membership.Status.PENDING, "created_at": timezone.now()},
    )
    leaders = [m.user for m in association.memberships_active().filter(role=Membership.Role.LEADER)]
    notify(
        leaders,
        _("%(name)s asks to join %(association)s.")
        % {"name": request.user.public_name, "association": association.title},
        reverse("pages:members", args=[association.pk]),
    )
    messages.success(request, _("Your request has been sent to the association's leaders."))
    return redirect(association.url)


@require_POST
@permission("pages.leave_association", associations)
def leave(request, association):
    with transaction.atomic():
        association.memberships.filter(user=request.user).delete()
        sync_leader_role(request.user)
    messages.success(request, _("You have left %(association)s.") % {"association": association})
    return redirect(association.url)


@permission("pages.manage_members_association", associations)
def members(request, association):
    active = association.memberships_active().select_related("user")
    return render(
        request,
        "pages/associations/members.html",
        {
            "association": association,
            "pending": association.memberships.filter(
                status=Membership.Status.PENDING
            ).select_related("user"),
            "active": [(m, LeaderForm(instance=m, prefix=f"m{m.pk}")) for m in active],
        },
    )


@require_POST
@permission("pages.decide_membership", memberships)
def decide(request, membership):
    approve = request.POST.get("decision") == "approve"
    if membership.status != Membership.Status.PENDING:
        messages.warning(request, _("This request has already been decided."))
    else:
        membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
        membership.decided_at = timezone.now()
        membership.decided_by = request.user
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        message = (
            _("You are now a member of %(association)s.")
            if approve
            else _("Your request to join %(association)s was declined.")
        ) % {"association": membership.association.title}
        notify([membership.user], message, membership.association.url)
        messages.success(request, _("Decision saved."))
    return redirect("pages:members", membership.association_id)


@require_POST
@permission("pages.set_leader_association", memberships)
def set_role(request, membership):
    form = LeaderForm(request.POST, instance=membership, prefix=f"m{membership.pk}")
    if membership.status != Membership.Status.ACTIVE or not form.is_valid():
        messages.error(request, _("Only active members can be made leaders."))
    else:
        with transaction.atomic():
            form.save()
            sync_leader_role(membership.user)
        messages.success(request, _("Saved."))
    return redirect("pages:members", membership.association_id)


# Upcoming meetings


@permission("pages.add_meeting", associations)
def meeting_add(request, association):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.association = association
        meeting = form.save()
        notify(
            [m.user for m in association.memberships_active().select_related("user")],
            _("%(association)s meets on %(when)s at %(place)s.")
            % {
                "association": association.title,
                "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": meeting.place,
            },
            association.url,
            exclude=request.user,
        )
        messages.success(request, _("The meeting has been announced."))
        return redirect(association.url)
    return render(
        request, "pages/associations/meeting_form.html", {"association": association, "form": form}
    )


@require_POST
@permission("pages.delete_meeting", lambda: Meeting.objects.select_related("association"))
def meeting_delete(request, meeting):
    meeting.delete()
    messages.success(request, _("The meeting has been removed."))
    return redirect(meeting.association.url)


# Minutes


def minutes_list(request, pk):
    association = lookup(associations(), pk=pk)
    return render(
        request,
        "pages/associations/minutes_list.html",
        {
            "association": association,
            "minutes_list": Minutes.objects.visible_to(request.user, association),
        },
    )


@permission("pages.view_minutes", all_minutes)
def minutes_detail(request, minutes):
    return render(
        request,
        "pages/associations/minutes_detail.html",
        {
            "minutes": minutes,
            "association": minutes.association,
            "photos": minutes.attachments.filter(kind="photo"),
            "documents": minutes.attachments.filter(kind="document"),
        },
    )


@permission("pages.view_minutes", all_minutes)
def minutes_history(request, minutes):
    return render(
        request,
        "pages/associations/minutes_history.html",
        {
            "minutes": minutes,
            "association": minutes.association,
            "revisions": minutes.revisions.select_related("edited_by"),
        },
    )


@permission("pages.view_minutes", all_minutes)
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


@permission("pages.add_minutes", associations)
def minutes_create(request, association):
    return _edit_minutes(request, association, None)


@permission("pages.change_minutes", all_minutes)
def minutes_edit(request, minutes):
    return _edit_minutes(request, minutes.association, minutes)


@require_POST
@permission("pages.delete_minutes", all_minutes)
def minutes_delete(request, minutes):
    minutes.delete()
    messages.success(request, _("The draft has been deleted."))
    return redirect(minutes.association.url)


def _edit_minutes(request, association, minutes):
    """One form for new and existing minutes: save a draft, publish, or save changes.

    With JavaScript the form also posts itself every little while with the
    ``X-Autosave`` header (files left out) and gets JSON back.
    """
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    editor = MinutesEditor(association, request.user, minutes, data, files)
    autosave = request.headers.get("X-Autosave") == "1"
    if request.method == "POST":
        if autosave and minutes is not None and minutes.is_published:
            return JsonResponse({"saved": False}, status=409)  # published records save explicitly
        if editor.is_valid():
            minutes, published = editor.save(publish=request.POST.get("action") == "publish")
            edit_url = reverse("pages:minutes_edit", args=[minutes.pk])
            if autosave:
                return JsonResponse(
                    {"saved": True, "url": edit_url, "time": timezone.localtime().strftime("%H:%M")}
                )
            if published:
                _announce(request, minutes)
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
        "pages/associations/minutes_form.html",
        {"association": association, "minutes": minutes, "editor": editor},
        status=400 if request.method == "POST" else 200,
    )


def _announce(request, minutes):
    association = minutes.association
    notify(
        [m.user for m in association.memberships_active().select_related("user")],
        _("New minutes from %(association)s: %(title)s")
        % {"association": association.title, "title": minutes.title},
        minutes.get_absolute_url(),
        exclude=request.user,
    )
