"""The report worker: runs queued report jobs; ``--once`` runs what is queued and stops."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cirkular.reports import services


class Command(BaseCommand):
    help = "Run queued report jobs (the database is the queue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the jobs queued now, then stop.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between looks at an empty queue.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            job = services.claim_next()
            if job is None:
                if options["once"]:
                    return
                time.sleep(options["interval"])
                continue
            self.stdout.write(f"running job {job.pk}: {job.kind} {job.format} {job.language}")
            done = services.run_job(job)
            self.stdout.write(f"job {done.pk}: {done.status}" + (f" ({done.error})" if done.error else ""))
