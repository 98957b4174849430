from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability


class UnitsConfig(AppConfig):
    """Territorial management and unit responsibility (属地管理, 单位负责): the community's
    units, their responsibility agreements (责任书) and the joint governance meetings."""

    name = "governance.units"
    label = "units"
    verbose_name = _("Units and agreements")
    # Units, agreements and meetings are not searched: a unit's page is for its lead and
    # staff, and an agreement's public summary is reached by its printed QR code.
    capability = Capability(
        routes=("governance.units.routes.ROUTES",),
        urls=(("units/", "governance.units.urls"),),
        clock_changes=("governance.units.services.next_clock_change",),
        workbench=("governance.units.services.workbench",),
        demo="governance.units.demo.build",
        personal_data=("governance.units.personal_data.export",),
        erase_personal_data=("governance.units.personal_data.erase",),
    )
