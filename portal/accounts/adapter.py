"""allauth glue: mainland mobile numbers stored in E.164, codes sent by SMS."""

import phonenumbers
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from allauth.core import context
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal import roles, sms
from portal.client_ip import client_ip


def normalize_phone(value):
    """Return a mainland mobile number in E.164, or raise ValidationError in the user's language."""
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise forms.ValidationError(
            _("Enter a valid mainland mobile number of 11 digits, e.g. 13800138000."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class MainlandPhoneField(PhoneField):
    """allauth's phone field, but a resident types 13800138000; we store +8613800138000."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [])
        kwargs["label"] = _lazy("Mobile number")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {"placeholder": "13800138000", "inputmode": "tel", "maxlength": "20"}
        )

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "").replace("-", "") if value else value


def _send_code(phone, text):
    """Texts with codes, within their limits (``portal.sms.send_code``)."""
    request = context.request
    sms.send_code(phone, text, client_ip(request) if request is not None else "")


class AccountAdapter(DefaultAccountAdapter):
    def clean_phone(self, phone):
        return normalize_phone(phone)

    def phone_form_field(self, **kwargs):
        return MainlandPhoneField(**kwargs)

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        _send_code(
            phone,
            _("Your Yishi code is %(code)s. It is valid for 15 minutes. Do not share it.")
            % {"code": code},
        )

    def send_unknown_account_sms(self, phone, **kwargs):
        _send_code(
            phone,
            _("Someone asked for a Yishi sign-in code for this number, but it has no account."),
        )

    def send_account_already_exists_sms(self, phone):
        _send_code(
            phone,
            _("Someone tried to sign up to Yishi with this number, which already has an account."),
        )

    def get_client_ip(self, request):
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed logins counted per number. allauth 65 keys them on the e-mail address or
        username only, so every phone login would share one key: five mistakes by anyone
        would lock everyone out."""
        phone = credentials.get("phone")
        if not phone:
            return super()._get_login_attempts_cache_key(request, **credentials)
        try:
            phone = normalize_phone(phone)
        except forms.ValidationError:
            phone = phone.strip()
        return f"phone:{phone}"

    def set_phone(self, user, phone, verified):
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if user.phone:
            return user.phone, user.phone_verified
        return None

    def set_phone_verified(self, user, phone):
        user.phone_verified = True
        user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone):
        return get_user_model().objects.filter(phone=phone).order_by("pk").first()

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=roles.RESIDENT))
        return user
