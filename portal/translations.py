"""Messages of Django that residents see but whose Chinese translation Django's own catalogue
lacks (wording newer than the catalogue). Marked here so that ``makemessages`` keeps them in
the project's catalogue, which Django reads first (``LOCALE_PATHS``). Remove an entry once
Django's catalogue has it; tests/test_translations.py checks each one shows in Chinese.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

BEHIND_DJANGO = [
    # django.contrib.auth.password_validation.MinimumLengthValidator.get_error_message
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    # django.forms.models.ModelChoiceField / ForeignKey.validate
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
]
