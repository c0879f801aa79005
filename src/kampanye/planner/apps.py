from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannerConfig(AppConfig):
    name = "kampanye.planner"
    label = "planner"
    verbose_name = _("planner")
    navigation = [("planner:index", _("Perencana"), "use_planner")]
