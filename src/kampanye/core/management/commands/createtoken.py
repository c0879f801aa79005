"""``kampanye createtoken USERNAME [--name …]``: prints a new API token once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kampanye.core.audit import record_change
from kampanye.core.models import ApiToken


class Command(BaseCommand):
    help = "Buat token API untuk pengguna; token hanya ditampilkan sekali. / Create an API token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="days the token works (default KAMPANYE_TOKEN_DAYS; 0: until revoked)",
        )

    def handle(self, username, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif '{username}' tidak ditemukan.")
        with transaction.atomic():
            if days is not None and days < 0:
                raise CommandError("--days tidak boleh negatif.")
            token, raw = ApiToken.issue(user, name, days=days)
            record_change(
                None,
                "create_token",
                token,
                after={
                    "user": username,
                    "name": name,
                    "id": token.pk,
                    "expires_at": token.expires_at.isoformat() if token.expires_at else None,
                },
            )
        self.stderr.write("Simpan token ini sekarang; ia tidak akan ditampilkan lagi.")
        self.stdout.write(raw)
