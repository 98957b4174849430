"""Consent: to the privacy notice in force, and separately to each use of sensitive
personal information. Every write goes through here."""

from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from portal import audit, capabilities

from .models import ConsentRecord, GuardianConsent, PrivacyNotice, SensitiveConsent

# Sent with ``user`` and ``purpose`` when a person withdraws a sensitive consent.
consent_withdrawn = Signal()

# The session remembers which version its person agreed to, so that a signed-in request
# costs no query when nothing changed.
SESSION_KEY = "privacy_notice_agreed"
_IN_FORCE_KEY = "privacy:in-force"


# The notice in force -----------------------------------------------------------------------


def notice_in_force(now=None):
    """The version of the notice in force now, or None before the first one."""
    return PrivacyNotice.objects.in_force(now).prefetch_related("texts").first()


def version_in_force():
    """The number of the version in force (cached until a notice is saved or the next
    version's moment comes), or None."""
    now = timezone.now()
    entry = cache.get(_IN_FORCE_KEY)
    if entry is not None and now < entry["until"]:
        return entry["version"]
    version = PrivacyNotice.objects.in_force(now).values_list("version", flat=True).first()
    # Saving a notice forgets the entry; with a per-process cache (no Redis) other processes
    # learn of a new version within five minutes.
    until = min(filter(None, [next_clock_change(now), now + timedelta(minutes=5)]))
    cache.set(
        _IN_FORCE_KEY,
        {"version": version, "until": until},
        timeout=max(1, int((until - now).total_seconds())),
    )
    return version


def next_clock_change(now):
    """When the next version comes into force (the page cache keeps /privacy/ no longer)."""
    return (
        PrivacyNotice.objects.filter(effective_at__gt=now)
        .order_by("effective_at")
        .values_list("effective_at", flat=True)
        .first()
    )


def _forget_version(**kwargs):
    cache.delete(_IN_FORCE_KEY)


def connect():
    from django.db.models.signals import post_delete, post_save

    for signal in (post_save, post_delete):
        signal.connect(_forget_version, sender=PrivacyNotice, dispatch_uid=f"privacy-{id(signal)}")


# Consent to the notice ---------------------------------------------------------------------


def record_consent(user, notice=None, request=None):
    """``user`` agrees to ``notice`` (the version in force when not given). Idempotent:
    agreeing twice to one version keeps the first record. Returns the record, or None when
    no notice is in force."""
    notice = notice or notice_in_force()
    if notice is None:
        return None
    record, _created = ConsentRecord.objects.get_or_create(user=user, notice=notice)
    if request is not None:
        request.session[SESSION_KEY] = notice.version
    return record


def has_agreed_to_version_in_force(user, session=None):
    """Whether ``user`` agreed to the version in force (True when there is none). With a
    ``session``, remembers the answer there so that the next request asks nothing."""
    version = version_in_force()
    if version is None:
        return True
    if session is not None and session.get(SESSION_KEY) == version:
        return True
    agreed = ConsentRecord.objects.filter(user=user, notice__version=version).exists()
    if agreed and session is not None:
        session[SESSION_KEY] = version
    return agreed


# Sensitive personal information, per purpose -----------------------------------------------


def purpose(key):
    """The declared purpose ``key`` (``capabilities.sensitive_purposes``); LookupError when no
    capability declares it, so that a typo cannot record consent to nothing."""
    try:
        return capabilities.sensitive_purposes()[key]
    except KeyError:
        raise LookupError(f"No capability declares the sensitive purpose {key!r}.") from None


def give_sensitive_consent(user, purpose_key):
    """``user`` agrees to ``purpose_key``; returns the consent in effect (the existing one
    when already given)."""
    purpose(purpose_key)
    existing = _in_effect(user, purpose_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SensitiveConsent.objects.create(
                user=user, purpose=purpose_key, notice=notice_in_force()
            )
    except IntegrityError:  # given at the same moment in another request
        return _in_effect(user, purpose_key).get()


def withdraw_sensitive_consent(user, purpose_key):
    """``user`` withdraws their consent to ``purpose_key``; returns whether one was in
    effect. The record stays, marked withdrawn; ``consent_withdrawn`` tells the capability
    (to stop using the information: cancel a booking, close a request)."""
    withdrawn = bool(_in_effect(user, purpose_key).update(withdrawn_at=timezone.now()))
    if withdrawn:
        consent_withdrawn.send(sender=SensitiveConsent, user=user, purpose=purpose_key)
    return withdrawn


withdraw = withdraw_sensitive_consent


def has_sensitive_consent(user, purpose_key):
    if not getattr(user, "is_authenticated", False):
        return False
    return _in_effect(user, purpose_key).exists()


def _in_effect(user, purpose_key):
    return SensitiveConsent.objects.filter(user=user, purpose=purpose_key, withdrawn_at=None)


# Children ----------------------------------------------------------------------------------


@transaction.atomic
def record_guardian_consent(staff, child, guardian_name, relationship, guardian_phone=""):
    """Staff record that a parent or guardian consented for ``child`` (under 14), who
    thereby agrees to the notice in force; an audit entry names the staff member."""
    consent, _created = GuardianConsent.objects.update_or_create(
        user=child,
        defaults={
            "guardian_name": guardian_name,
            "relationship": relationship,
            "guardian_phone": guardian_phone,
            "notice": notice_in_force(),
            "recorded_by": staff,
            "recorded_at": timezone.now(),
        },
    )
    record_consent(child, consent.notice)
    audit.record(staff, audit.Action.RECORD_GUARDIAN_CONSENT, child)
    return consent
