from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelConfig(AppConfig):
    name = "kampanye.intel"
    label = "intel"
    verbose_name = _("intel")

    def ready(self) -> None:
        from kampanye.core.registry import registry
        from kampanye.intel.imports import FINDINGS

        registry.add_navigation("intel:index", _("Riset"), "use_research")
        registry.add_import_kinds(FINDINGS)
        registry.add_audit_words(
            fields={
                "max_error": _("galat terbesar"),
                "design_effect": _("efek desain"),
                "effective_n": _("n efektif"),
                "personal_data_purpose": _("tujuan data pribadi"),
            }
        )
        registry.add_demo_step("Metode survei publik 2012", _demo_poll_methods, order=35)
        registry.add_demo_step("Survei dan FGD ilustratif", _demo_intel, order=85)


def _demo_poll_methods() -> dict[str, int]:
    from kampanye.elections.models import Election
    from kampanye.intel.actions import load_poll_methods

    election = Election.objects.filter(slug="jakarta-2012").first()
    return {"poll_methods": load_poll_methods(election) if election else 0}


def _demo_intel() -> dict[str, int]:
    from kampanye.intel.illustrative import build_illustrative_intel

    return build_illustrative_intel()
