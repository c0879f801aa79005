"""``kampanye worker``: runs background tasks (Django Tasks, database backend)."""

from django_tasks_db.management.commands import db_worker


class Command(db_worker.Command):
    help = (
        "Menjalankan pekerjaan latar (impor besar, simulasi, pelatihan model) dari antrean "
        "di basis data. Runs background tasks queued in the database; stop with Ctrl+C."
    )
