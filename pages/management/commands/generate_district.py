"""Generate a district-sized data set for load tests (see pages/district.py)."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pages.district import PASSWORD, District, bench_phone


class Command(BaseCommand):
    help = (
        "Fill an empty database with a district: 28 communities, 60,000 users, sessions, "
        "matters, votes, comments, covenant, associations, minutes and courses (times --scale). "
        "Run update_index afterwards for search."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full district.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Reference day (YYYY-MM-DD) the dates are counted from; default today.",
        )

    def handle(self, *args, seed, scale, today, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        started = time.perf_counter()
        self.stdout.write(f"Generating a district (seed {seed}, scale {scale}) …")
        try:
            report = District(seed=seed, scale=scale, today=today, log=self.stdout.write).build()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for name, count in report.counts.items():
            self.stdout.write(f"  {name}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"District ready in {time.perf_counter() - started:.1f} s. "
                f"Every generated user's password is {PASSWORD!r}; the benchmark user is "
                f"{bench_phone()[3:]}."
            )
        )
