from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable


class PrivacyNoticeQuerySet(models.QuerySet):
    def in_force(self, now=None):
        """The versions whose effective moment has come, newest first."""
        return self.filter(effective_at__lte=now or timezone.now()).order_by("-version")


class PrivacyNotice(ClusterableModel):
    """One version of the privacy notice. The newest version whose ``effective_at`` has come
    is in force; everyone signed in agrees to it before going on (``ConsentMiddleware``).

    Its text is written once per language (``PrivacyNoticeText``). Superusers edit it in the
    admin. A version people have agreed to keeps its text: to change what it says, add a new
    version with a later date, and everyone is asked again.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    effective_at = models.DateTimeField(
        _("in force from"),
        help_text=_("From this moment the version is shown, and everyone is asked to agree."),
    )
    changes = models.CharField(
        _("what changed"),
        max_length=300,
        blank=True,
        help_text=_("One sentence shown to people asked to agree again."),
    )

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self):
        return _("Privacy notice, version %(version)s") % {"version": self.version}

    def text_for(self, language):
        """The text in ``language`` (``zh-hans``, ``en``), else in the site's language,
        else any: a notice is never shown empty."""
        texts = {text.language: text for text in self.texts.all()}
        for code in (language, settings.LANGUAGE_CODE):
            if code in texts:
                return texts[code]
        return next(iter(texts.values()), None)


class PrivacyNoticeText(Orderable):
    """The notice in one language."""

    notice = ParentalKey(PrivacyNotice, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=100)
    body = RichTextField(_("text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    class Meta(Orderable.Meta):
        verbose_name = _("text")
        verbose_name_plural = _("texts")
        constraints = [
            models.UniqueConstraint(fields=["notice", "language"], name="one_text_per_language")
        ]

    def __str__(self):
        return self.title


class ConsentRecord(models.Model):
    """A person agreed to a version of the privacy notice: who, which version, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(_("agreed at"), default=timezone.now)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent to the privacy notice")
        verbose_name_plural = _("consents to the privacy notice")
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="one_consent_per_version")
        ]

    def __str__(self):
        return f"{self.user_id} · v{self.notice.version}"


class SensitiveConsent(models.Model):
    """A person's separate consent to one use (``purpose``) of sensitive personal
    information, and its withdrawal. Withdrawn consents are kept as a record; giving it
    again makes a new row. At most one consent per person and purpose is in effect."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sensitive_consents"
    )
    purpose = models.CharField(_("purpose"), max_length=50)
    notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice in force"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent to use sensitive information")
        verbose_name_plural = _("consents to use sensitive information")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_sensitive_consent_in_effect",
            )
        ]

    def __str__(self):
        return f"{self.user_id} · {self.purpose}"

    @property
    def in_effect(self):
        return self.withdrawn_at is None


class GuardianConsent(models.Model):
    """A child under 14 registered by staff with a parent's or guardian's consent
    (PIPL art. 31): who gave it, in what relation, and which staff member recorded it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("child"),
        on_delete=models.CASCADE,
        related_name="guardian_consent",
    )
    guardian_name = models.CharField(_("parent or guardian"), max_length=50)
    relationship = models.CharField(
        _("relationship to the child"),
        max_length=30,
        help_text=_("e.g. mother, father, grandparent"),
    )
    guardian_phone = models.CharField(
        _("parent's or guardian's mobile number"), max_length=20, blank=True
    )
    notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice agreed to"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")

    def __str__(self):
        return _("Guardian's consent for %(child)s") % {"child": self.user}
