from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "kampanye.ledger"
    label = "ledger"
    verbose_name = _("Titik kontak")

    def ready(self) -> None:
        from kampanye.core.registry import registry
        from kampanye.elections.actions import demo_election
        from kampanye.ledger.illustrative import build_illustrative_touchpoints

        registry.add_navigation("ledger:index", _("Titik kontak"), "view_ledger", order=800)
        registry.add_demo_step(
            "Titik kontak ilustratif",
            lambda: build_illustrative_touchpoints(demo_election()),
            order=40,
        )
