from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, SensitivePurpose


class CareConfig(AppConfig):
    name = "training.care"
    label = "care"
    verbose_name = _("Community services")
    capability = Capability(
        routes=("training.care.routes.ROUTES",),
        urls=(("care/", "training.care.urls"),),
        workbench=("training.care.selectors.workbench",),
        demo="training.care.demo.build",
        personal_data=("training.care.personal_data.export",),
        erase_personal_data=("training.care.personal_data.erase",),
        daily=("training.care.services.daily",),
        sensitive_purposes=(
            SensitivePurpose(
                "health_checkup",
                _("Free health check-ups"),
                _(
                    "Your booking for a free reproductive-health check-up day: which day, "
                    "whether you came, and when and how the notice of your result was sent "
                    "to the place of your household registration. The result itself is never "
                    "recorded here."
                ),
                _("You, and the community staff of your community who run the check-up days."),
                _(
                    "Until you delete your account; cancelled bookings are removed when you "
                    "withdraw this consent."
                ),
            ),
            SensitivePurpose(
                "family_help",
                _("Help for families in difficulty"),
                _(
                    "Your request for help (school enrolment for your children, fee reduction "
                    "or other help), what you write about your situation and the documents you "
                    "send, so that staff can handle it."
                ),
                _(
                    "You, the staff member handling your request and the community staff of "
                    "your community. Every time staff open it, the audit log records who did."
                ),
                _("Until you delete your account."),
            ),
        ),
    )

    def ready(self):
        from . import services

        services.connect()
