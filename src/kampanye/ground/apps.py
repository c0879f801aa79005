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
        registry.add_audit_words(
            actions={
                "plan_activity": _("merencanakan kegiatan"),
                "add_shift": _("menambah giliran"),
                "sign_up_for_shift": _("ikut giliran"),
                "remind_shift": _("mengingatkan giliran"),
                "assign_area": _("memberi wilayah tugas"),
                "close_assignment": _("menutup tugas wilayah"),
                "return_expired_assignments": _("mengembalikan tugas yang lewat masa"),
                "sync_contacts": _("menerima laporan lapangan"),
                "triage_aspiration": _("memilah aspirasi"),
                "answer_aspiration": _("menjawab aspirasi"),
                "link_aspiration_to_plank": _("mengaitkan aspirasi dengan kebijakan"),
                "create_share_kit": _("membuat paket berbagi"),
            },
            fields={
                "client_uuid": _("kode laporan di HP"),
                "assigned_at": _("diberikan pada"),
                "closed_at": _("ditutup pada"),
                "triaged_at": _("dipilah pada"),
                "received_at": _("diterima pada"),
                "reminded_at": _("diingatkan pada"),
            },
        )
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
