"""``kampanye forget``: erase a person's personal data (UU PDP No. 27/2022), in every app
that registered some (``core.actions.forget_person``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kampanye.core.actions import forget_person
from kampanye.core.registry import registry


class Command(BaseCommand):
    help = (
        "Menghapus data pribadi seseorang (UU PDP): nama, nomor HP, surel, NIK tersamar, "
        "foto dan lokasi laporannya; jumlah agregat dan titik kontak tetap. "
        "Erases a person's personal data; aggregate counts and touchpoints stay."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        for kind in registry.person_kinds.values():
            who.add_argument(
                f"--{kind.name.replace('_', '-')}",
                dest=kind.name,
                type=int,
                metavar="ID",
                help=f"id {kind.label} / {kind.name.replace('_', ' ')} id",
            )
        who.add_argument("--phone", metavar="NOMOR", help="nomor HP / phone number, any form")
        parser.add_argument("--yes", action="store_true", help="tanpa konfirmasi / no prompt")

    def handle(self, *args, phone=None, yes=False, **options):
        people = []
        for kind in registry.person_kinds.values():
            pk = options.get(kind.name)
            if pk is None and not phone:
                continue  # another kind was named
            try:
                found = kind.find(id=pk) if pk is not None else kind.find(phone=phone)
            except ValidationError as err:
                raise CommandError(" ".join(err.messages)) from err
            people.extend((kind, person) for person in found)
        if not people:
            raise CommandError("Tidak ada orang yang cocok (atau datanya sudah dihapus).")
        for kind, person in people:
            self.stdout.write(f"{kind.label} #{person.pk} · {kind.describe(person)}")
        if not yes:
            answer = input(f"Hapus data pribadi {len(people)} orang ini? Ketik 'ya': ")
            if answer.strip().lower() not in ("ya", "yes"):
                raise CommandError("Dibatalkan; tidak ada yang diubah.")
        for kind, person in people:
            summary = forget_person(kind, person)
            reports = [kind.report(summary)]
            reports += [data.report(summary) for data in registry.data_about(kind.name)]
            said = "; ".join(r for r in reports if r)
            self.stdout.write(
                self.style.SUCCESS(f"{kind.label} #{person.pk}: data pribadi dihapus; {said}.")
            )
