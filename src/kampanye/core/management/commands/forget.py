"""``kampanye forget``: erase a person's personal data (UU PDP No. 27/2022)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Menghapus data pribadi seorang relawan (UU PDP): nama, nomor HP, surel, NIK "
        "tersamar, foto dan lokasi laporannya; jumlah agregat dan titik kontak tetap. "
        "Erases a volunteer's personal data; aggregate counts and touchpoints stay."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--volunteer", type=int, metavar="ID", help="id relawan / volunteer id")
        who.add_argument("--phone", metavar="NOMOR", help="nomor HP / phone number, any form")
        parser.add_argument("--yes", action="store_true", help="tanpa konfirmasi / no prompt")

    def handle(self, *args, volunteer=None, phone=None, yes=False, **options):
        from kampanye.ground.actions import forget_person
        from kampanye.volunteers.actions import normalise_phone
        from kampanye.volunteers.models import Volunteer

        if volunteer is not None:
            people = list(Volunteer.objects.filter(pk=volunteer, forgotten_at__isnull=True))
        else:
            try:
                e164 = normalise_phone(phone)
            except ValidationError as err:
                raise CommandError(" ".join(err.message_dict["phone"])) from err
            people = list(Volunteer.objects.filter(phone_e164=e164, forgotten_at__isnull=True))
        if not people:
            raise CommandError("Tidak ada relawan yang cocok (atau datanya sudah dihapus).")
        for v in people:
            self.stdout.write(f"relawan #{v.pk} · {v.contestant} · {v.contacts.count()} laporan")
        if not yes:
            answer = input(f"Hapus data pribadi {len(people)} orang ini? Ketik 'ya': ")
            if answer.strip().lower() not in ("ya", "yes"):
                raise CommandError("Dibatalkan; tidak ada yang diubah.")
        for v in people:
            summary = forget_person(v)
            self.stdout.write(
                self.style.SUCCESS(
                    f"relawan #{v.pk}: data pribadi dihapus; {summary['contacts_kept']} laporan "
                    f"dan titik kontaknya tetap, {summary['photos_deleted']} foto dihapus."
                )
            )
