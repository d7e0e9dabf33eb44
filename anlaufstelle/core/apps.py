from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "anlaufstelle.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from anlaufstelle.core.sessions import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="anlaufstelle.core.note_sign_in")

        from axes.signals import user_locked_out

        from anlaufstelle.core.sessions import log_lockout

        user_locked_out.connect(log_lockout, dispatch_uid="anlaufstelle.core.log_lockout")

        from django.db.models.signals import post_migrate

        from anlaufstelle.core.dbroles import after_migrate

        post_migrate.connect(after_migrate, dispatch_uid="anlaufstelle.core.grant_app_role")
