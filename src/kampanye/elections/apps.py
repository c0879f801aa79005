from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "kampanye.elections"
    label = "elections"
    verbose_name = _("Pemilihan")

    def ready(self) -> None:
        from kampanye.core.registry import Elections, registry
        from kampanye.elections import imports
        from kampanye.elections.actions import assign_demo_campaign, load_jakarta_2012
        from kampanye.elections.models import Election

        registry.add_navigation("elections:index", _("Pemilu"), "view_vocabulary")
        registry.add_import_kinds(
            imports.ELECTIONS, imports.ROUNDS, imports.CONTESTANTS, imports.RESULTS, imports.TURNOUT
        )
        registry.set_elections(
            Elections(
                find=lambda slug: Election.objects.filter(slug=slug).first(),
                choices=lambda: Election.objects.all(),
            )
        )
        registry.add_demo_step("Pilkada DKI 2012: fakta", load_jakarta_2012, order=20)
        registry.add_demo_step("Kampanye login demo", assign_demo_campaign, order=10, phase="users")
        from kampanye.elections.queries import map_layers

        registry.add_map_layers(map_layers)
