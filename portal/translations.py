"""Messages of Django and allauth that people see, translated in the project's catalogue,
which Django reads first (``LOCALE_PATHS``). Marked here so that ``makemessages`` keeps them;
tests/test_translations.py checks each one shows in Chinese.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Wording newer than Django's Chinese catalogue: remove an entry once Django's has it.
MISSING_FROM_DJANGO = [
    # django.contrib.auth.password_validation.MinimumLengthValidator.get_error_message
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    # django.db.models.ForeignKey.validate
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
]

# allauth's Chinese that still reads in English ("认证APP").
REWORDED = [
    gettext_noop("Use authenticator app or code"),
]
