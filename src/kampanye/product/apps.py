from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductConfig(AppConfig):
    name = "kampanye.product"
    label = "product"
    verbose_name = _("Produk politik")
    navigation = [("product:index", _("Produk politik"), "view_vocabulary")]
