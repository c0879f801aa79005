from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroundConfig(AppConfig):
    name = "kampanye.ground"
    label = "ground"
    verbose_name = _("ground")

    def ready(self) -> None:
        from kampanye.core.registry import PersonData, registry
        from kampanye.elections.actions import demo_election
        from kampanye.ground.actions import forget_field_data
        from kampanye.ground.illustrative import build_illustrative_ground, link_demo_volunteer
        from kampanye.ground.queries import idle_in_the_field

        # coordinators and managers get the dashboard; a volunteer is sent on to their own page
        registry.add_navigation("ground:dashboard", _("Lapangan"), "file_field_report")
        # queued by ``kampanye worker`` when it starts and every hour
        registry.add_housekeeping("kampanye.ground.tasks.return_expired_leases")
        registry.add_person_data(
            PersonData(
                "volunteer",
                forget=forget_field_data,
                idle_since=idle_in_the_field,
                report=lambda c: (
                    f"{c['contacts_kept']} laporan dan titik kontaknya tetap, "
                    f"{c['photos_deleted']} foto dihapus"
                ),
            )
        )
        registry.add_demo_step(
            "Relawan dan laporan lapangan ilustratif",
            lambda: build_illustrative_ground(demo_election()),
            order=70,
        )
        # the volunteer login gets an illustrative volunteer, so its own page has data
        registry.add_demo_step(
            "Relawan untuk login demo",
            lambda users: link_demo_volunteer(users["relawan"]),
            order=20,
            phase="users",
        )
        from kampanye.ground.queries import map_layers

        registry.add_map_layers(map_layers)
