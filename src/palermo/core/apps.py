from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "palermo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from palermo.core import checks, keys

        checks.register()
        post_migrate.connect(keys.ensure_canaries_after_migrate, sender=self)
