from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "kampanye.volunteers"
    label = "volunteers"
    verbose_name = _("volunteers")

    def ready(self) -> None:
        from kampanye.core.registry import PersonKind, registry
        from kampanye.volunteers.actions import forget_volunteer
        from kampanye.volunteers.queries import idle_volunteers, volunteers_to_forget

        registry.add_navigation("volunteers:index", _("Relawan"), "view_volunteers")
        registry.add_audit_words(
            actions={
                "sign_up_volunteer": _("mendaftarkan relawan"),
                "withdraw_consent": _("mencabut persetujuan"),
                "create_team": _("membentuk tim"),
                "create_posko": _("membuka posko"),
            },
        )
        registry.add_person_kind(
            PersonKind(
                name="volunteer",
                label=_("relawan"),
                find=volunteers_to_forget,
                forget=forget_volunteer,
                idle_since=idle_volunteers,
                describe=lambda v: f"{v.contestant} · bergabung {v.joined_on}",
                login=lambda v: v.user,
                report=lambda s: (
                    f"{s['consents_withdrawn']} persetujuan ditarik"
                    + (", login dinonaktifkan" if s["login_deactivated"] else "")
                ),
            )
        )
        from kampanye.volunteers.queries import map_layers

        registry.add_map_layers(map_layers)
