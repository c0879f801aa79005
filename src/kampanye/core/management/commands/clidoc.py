from django.core.management.base import BaseCommand

from kampanye.core.clidoc import render


class Command(BaseCommand):
    help = "Prints the CLI reference in Markdown (the source of docs/cli.md)."

    def handle(self, *args, **options):
        self.stdout.write(render(), ending="")
