"""``kampanye createuser USERNAME --role ROLE [--area CODE] [--admin]
[--password …|--password-stdin]``."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kampanye.core.audit import record_change
from kampanye.core.models import Membership, Role
from kampanye.core.scope import area_by_code


class Command(BaseCommand):
    help = "Buat pengguna dengan peran dan (boleh) batas wilayah. / Create a user with a role."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--area", help="area code the user is limited to, e.g. 31.75")
        secret = parser.add_mutually_exclusive_group()
        secret.add_argument("--password", help="the password (visible in shell history)")
        secret.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--admin",
            action="store_true",
            help="may also use the Django admin (/admin/) with every permission; "
            "not with --area, because the admin ignores area scope",
        )

    def handle(self, username, role, area, password, password_stdin, email, admin, **options):
        User = get_user_model()
        if admin and area:
            raise CommandError(
                "--admin tidak bisa dipakai dengan --area: admin Django tidak mengenal batas "
                "wilayah."
            )
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Pengguna '{username}' sudah ada.")
        area_obj = None
        if area:
            area_obj = area_by_code(area)
            if area_obj is None:
                raise CommandError(f"Wilayah '{area}' tidak dikenal.")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        if password:
            try:
                validate_password(password, User(username=username))
            except ValidationError as exc:
                raise CommandError("Kata sandi ditolak: " + " ".join(exc.messages)) from None
        with transaction.atomic():
            user = User.objects.create_user(
                username=username,
                email=email,
                password=password,
                is_staff=admin,
                is_superuser=admin,
            )
            if not password:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            membership = Membership.objects.create(user=user, role=role, area=area_obj)
            record_change(
                None,
                "create_user",
                membership,
                after={
                    "username": username,
                    "role": role,
                    "area": area or None,
                    **({"admin": True} if admin else {}),
                },
            )
        scope = f" di wilayah {area}" if area else ""
        self.stdout.write(f"Pengguna '{username}' dibuat sebagai {role}{scope}.")
        if admin:
            self.stdout.write("Boleh memakai admin Django (/admin/) dengan semua izin.")
        if not password:
            self.stdout.write("Tanpa kata sandi: hanya bisa memakai token API (createtoken).")
