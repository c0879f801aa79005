from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kampanye.core"
    label = "core"
    verbose_name = _("Inti: peran, audit, titik kontak")
    navigation = [
        ("core:ledger", _("Titik kontak"), "view_ledger"),
        ("core:exchange", _("Impor & ekspor"), "export_data"),
        ("core:audit", _("Audit"), "view_audit"),
    ]

    def ready(self) -> None:
        from kampanye.core import checks  # noqa: F401  (registers the system checks)
