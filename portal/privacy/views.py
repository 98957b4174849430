from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import capabilities

from . import services
from .forms import ConsentForm, SensitiveConsentForm
from .models import PrivacyNotice


def _next(request, default):
    """Where to go on: a path on this site (``next``), else ``default``. Only a path: a bare
    word would be taken for a URL name by ``redirect`` (a 500 when it names none)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _notice_context(notice):
    return {
        "notice": notice,
        "text": notice.text_for(get_language()) if notice else None,
    }


def notice(request, version=None):
    """The notice in force (or an earlier version that was in force), in the reader's
    language; every version's number and date, to see what changed."""
    in_force = PrivacyNotice.objects.in_force().prefetch_related("texts")
    shown = in_force.filter(version=version).first() if version is not None else in_force.first()
    if shown is None:
        raise Http404
    context = _notice_context(shown)
    context["versions"] = list(in_force.only("version", "effective_at", "changes"))
    context["current"] = context["versions"][0]
    return render(request, "privacy/notice.html", context)


@login_required
def consent(request):
    """Agree to the version in force: asked at sign-in when a new version came into force."""
    notice = services.notice_in_force()
    target = _next(request, "/")
    if notice is None or services.has_agreed_to_version_in_force(request.user, request.session):
        return redirect(target)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_consent(request.user, notice, request=request)
        messages.success(request, _("Thank you. Your agreement has been recorded."))
        return redirect(target)
    agreed_before = request.user.privacy_consents.exists()
    context = {**_notice_context(notice), "form": form, "next": target, "again": agreed_before}
    return render(request, "privacy/consent.html", context)


@login_required
def my_consents(request):
    purposes = capabilities.sensitive_purposes()
    sensitive = [
        (consent, purposes.get(consent.purpose))
        for consent in request.user.sensitive_consents.select_related("notice")
    ]
    context = {
        "records": request.user.privacy_consents.select_related("notice"),
        "sensitive": sensitive,
    }
    return render(request, "privacy/my_consents.html", context)


def _purpose_or_404(key):
    try:
        return services.purpose(key)
    except LookupError:
        raise Http404 from None


@login_required
def sensitive(request, purpose_key):
    """Ask for consent to one use of sensitive personal information, then go on to ``next``."""
    purpose = _purpose_or_404(purpose_key)
    target = _next(request, "/")
    if services.has_sensitive_consent(request.user, purpose_key):
        return redirect(target)
    form = SensitiveConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.give_sensitive_consent(request.user, purpose_key)
        messages.success(
            request, _("Your consent has been recorded. You can withdraw it at any time.")
        )
        return redirect(target)
    context = {"purpose": purpose, "form": form, "next": target}
    return render(request, "privacy/sensitive.html", context)


@login_required
@require_POST
def withdraw(request, purpose_key):
    purpose = _purpose_or_404(purpose_key)
    if services.withdraw_sensitive_consent(request.user, purpose_key):
        messages.success(
            request,
            _("You withdrew your consent to “%(purpose)s”.") % {"purpose": purpose.title},
        )
    return redirect("privacy:my_consents")
