"""``kampanye tokens [--user NAME] [--revoke ID …] [--revoke-user NAME] [--revoke-expired]``:
list API tokens, and revoke them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from kampanye.core.actions import revoke_tokens
from kampanye.core.models import ApiToken
from kampanye.core.queries import token_state


class Command(BaseCommand):
    help = "Daftar token API dan cabut token. / List and revoke API tokens."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="only this user's tokens")
        parser.add_argument("--revoke", type=int, nargs="+", default=[], metavar="ID")
        parser.add_argument("--revoke-user", metavar="NAME", help="revoke all of a user's tokens")
        parser.add_argument(
            "--revoke-expired", action="store_true", help="mark expired tokens revoked"
        )

    def handle(self, *args, **options):
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        chosen = None
        if options["revoke"]:
            chosen = tokens.filter(pk__in=options["revoke"])
            missing = set(options["revoke"]) - set(chosen.values_list("pk", flat=True))
            if missing:
                ids = ", ".join(map(str, sorted(missing)))
                raise CommandError(_("Token tidak ada: %(ids)s.") % {"ids": ids})
        elif options["revoke_user"]:
            chosen = tokens.filter(user__username=options["revoke_user"])
        elif options["revoke_expired"]:
            chosen = tokens.filter(expires_at__lte=timezone.now())
        if chosen is not None:
            n = revoke_tokens(chosen)
            self.stdout.write(_("%(n)d token dicabut.") % {"n": n})
            return
        if options["user"]:
            tokens = tokens.filter(user__username=options["user"])
        for t in tokens:
            expires = timezone.localtime(t.expires_at).strftime("%Y-%m-%d") if t.expires_at else "-"
            used = (
                timezone.localtime(t.last_used_at).strftime("%Y-%m-%d") if t.last_used_at else "-"
            )
            self.stdout.write(
                f"{t.pk}\t{t.user.get_username()}\t{t.name}\t{token_state(t)}\t{expires}\t{used}"
            )
