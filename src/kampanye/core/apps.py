from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kampanye.core"
    label = "core"
    verbose_name = _("Inti: peran, audit, impor")

    def ready(self) -> None:
        from kampanye.core import checks  # noqa: F401  (registers the system checks)
        from kampanye.core.registry import registry

        registry.add_navigation("core:exchange", _("Impor & ekspor"), "export_data", order=900)
        registry.add_navigation("core:audit", _("Audit"), "view_audit", order=900)
        registry.add_navigation("core:tokens", _("Token API"), "manage_users", order=900)
