from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    name = "kampanye.money"
    label = "money"
    verbose_name = _("dana kampanye")

    def ready(self) -> None:
        from kampanye.core.registry import PersonKind, registry
        from kampanye.money.actions import forget_donor
        from kampanye.money.illustrative import build_illustrative_money
        from kampanye.money.imports import KINDS
        from kampanye.money.queries import donors_to_forget, idle_donors

        registry.add_navigation("money:index", _("Dana"), "view_money")
        registry.add_import_kinds(*KINDS)
        registry.add_audit_words(
            actions={
                "record_expense": _("mencatat pengeluaran"),
                "record_donation": _("mencatat sumbangan"),
                "hand_over_excess": _("menyerahkan kelebihan sumbangan ke kas negara"),
                "set_fund_account": _("mengatur rekening dana kampanye"),
                "save_budget": _("menyimpan versi anggaran"),
            },
            fields={
                "recorded_at": _("dicatat pada"),
                "decided_at": _("diputuskan pada"),
            },
        )
        registry.add_person_kind(
            PersonKind(
                name="donor",
                label=_("penyumbang"),
                find=donors_to_forget,
                forget=forget_donor,
                idle_since=idle_donors,
                describe=lambda d: f"{d.contestant} · {d.get_kind_display()}",
                report=lambda s: f"{s['donations_kept']} sumbangan tetap tercatat tanpa nama",
            )
        )
        registry.add_demo_step(
            "Dana kampanye: anggaran, pengeluaran dan sumbangan ilustratif",
            build_illustrative_money,
            order=80,
        )
