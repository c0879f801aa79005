from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "kampanye.planner"
    label = "planner"
    verbose_name = _("planner")

    def ready(self) -> None:
        from kampanye.core.registry import registry
        from kampanye.elections.actions import demo_election
        from kampanye.planner.illustrative import build_illustrative_scenarios

        registry.add_navigation("planner:index", _("Perencana"), "use_planner")
        registry.add_audit_words(
            actions={
                "request_proposal": _("meminta usulan alokasi"),
            },
        )
        registry.add_demo_step(
            "Skenario perencana",
            lambda: build_illustrative_scenarios(demo_election()),
            order=50,
        )
