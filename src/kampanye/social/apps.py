from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "kampanye.social"
    label = "social"
    verbose_name = _("social")

    def ready(self) -> None:
        from kampanye.core.registry import registry
        from kampanye.elections.actions import demo_election
        from kampanye.social.illustrative import (
            build_coordinated_social,
            build_illustrative_social,
        )

        registry.add_navigation("social:dashboard", _("Media sosial"), "use_social_listening")
        registry.add_navigation("social:label", _("Pelabelan"), "label_posts")
        registry.add_audit_words(
            actions={
                "label_post": _("memberi label unggahan"),
                "ingest_posts": _("mengimpor unggahan"),
                "save_contestant_query": _("menyimpan kueri pasangan"),
            },
        )
        registry.add_demo_step(
            "Unggahan media sosial sintetis",
            lambda: build_illustrative_social(demo_election(), n=5000),
            order=60,
        )
        registry.add_demo_step(
            "Akun terkoordinasi sintetis",
            lambda: build_coordinated_social(demo_election()),
            order=61,
        )
