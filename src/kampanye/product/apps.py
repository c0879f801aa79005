from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductConfig(AppConfig):
    name = "kampanye.product"
    label = "product"
    verbose_name = _("Produk politik")

    def ready(self) -> None:
        from kampanye.core.registry import registry
        from kampanye.product import imports
        from kampanye.product.actions import load_jakarta_2012_product

        registry.add_navigation("product:index", _("Produk politik"), "view_vocabulary")
        registry.add_import_kinds(imports.PLANKS)
        registry.add_demo_step("Produk politik", load_jakarta_2012_product, order=30)
