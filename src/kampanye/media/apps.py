from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "kampanye.media"
    label = "media"
    verbose_name = _("media")

    def ready(self) -> None:
        from kampanye.core.registry import PersonKind, registry
        from kampanye.elections.actions import demo_election
        from kampanye.media import imports
        from kampanye.media.actions import forget_contact
        from kampanye.media.illustrative import build_illustrative_media
        from kampanye.media.queries import contacts_to_forget, idle_contacts

        registry.add_navigation("media:dashboard", _("Media"), "use_media_centre")
        registry.add_import_kinds(imports.OUTLETS, imports.COVERAGE)
        registry.add_audit_words(
            actions={
                "create_outlet": _("menambah media"),
                "update_outlet": _("mengubah media"),
                "add_media_contact": _("menambah kontak media"),
                "log_meeting": _("mencatat pertemuan dengan redaksi"),
                "complete_follow_up": _("menyelesaikan tindak lanjut"),
                "add_press_event": _("menambah agenda pers"),
                "correct_tone": _("membetulkan nada liputan"),
            }
        )
        registry.add_person_kind(
            PersonKind(
                name="media_contact",
                label=_("kontak media"),
                find=contacts_to_forget,
                forget=forget_contact,
                idle_since=idle_contacts,
                describe=lambda c: f"{c.outlet} · {c.get_role_display()} · dicatat {c.added_on}",
                report=lambda s: f"{s['meetings_kept']} catatan pertemuan tetap",
            )
        )
        registry.add_demo_step(
            "Media: outlet, kontak, pertemuan dan liputan ilustratif",
            lambda: build_illustrative_media(demo_election()),
            order=75,
        )
