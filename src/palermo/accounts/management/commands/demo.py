"""``palermo demo``: what ``make demo`` runs (demo mode only).

Migrates the database, creates the demo organisations and accounts and loads the demo cases (once;
later runs reuse them), prints the logins, then runs a task worker and the web server on 127.0.0.1
until Ctrl-C.
"""

from __future__ import annotations

import signal
import socket
import subprocess  # noqa: S404 - starts palermo's own worker and server, no shell, fixed argv
import sys
import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import IO, Any, cast

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from palermo.accounts import demo
from palermo.cases import demo_data
from palermo.complaints import demo as complaints_demo
from palermo.estimates import demo as estimates_demo
from palermo.justice import demo as justice_demo
from palermo.linkage import demo as linkage_demo
from palermo.monitoring import demo as monitoring_demo
from palermo.monitoring import indicator_demo as monitoring_indicator_demo
from palermo.referrals import demo as referrals_demo
from palermo.reports import demo as reports_demo

HOST = "127.0.0.1"
#: How long the server may take to accept connections before the demo gives up.
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise ArgumentTypeError(f"{port} is not between 1 and 65535")
    return port


class Command(BaseCommand):
    help = (
        "Demo mode only (PALERMO_DEMO=1): migrate the database, create the demo organisations and "
        "accounts and load about 300 demo cases if they do not exist yet, print the logins, then "
        f"run a task worker and the web server on http://{HOST}:PORT until Ctrl-C. Running it "
        "again reuses what exists."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Set up the database and accounts and print the logins, but start nothing.",
        )
        parser.add_argument(
            "--no-cases",
            action="store_true",
            help="Do not load the demo cases (organisations and accounts only).",
        )
        parser.add_argument(
            "--port", type=_port, default=8000, help="Port to serve on (default: 8000)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "palermo demo runs only in demo mode: set PALERMO_DEMO=1 (make demo does).",
                returncode=2,
            )
        port: int = options["port"]
        serve = not options["no_serve"]
        if serve:
            self._require_free_port(port)
        console = Console(file=cast(IO[str], self.stdout), highlight=False)

        where = "PostgreSQL" if settings.DATABASE_URL else f"SQLite in {settings.DATA_DIR}"
        console.print(f"Preparing the database ({where})…")
        call_command("migrate", interactive=False, verbosity=0)
        logins = demo.ensure_accounts()
        if not options["no_cases"]:
            self._load_cases(console)
            made = referrals_demo.ensure(demo.ensure_organisations())
            if any(made):
                console.print(f"Loaded {made[0]} directory services and {made[1]} demo "
                              "referrals.")
            complaints = complaints_demo.ensure(demo.ensure_organisations()["A"])
            if complaints:
                console.print(f"Loaded {complaints} demo complaints and their facilities.")
            if justice_demo.ensure():
                console.print("Loaded the seed document's official figures.")
            if estimates_demo.ensure():
                console.print("Saved a demo population estimate over the demo registry.")
            if linkage_demo.ensure():
                console.print("Recorded a few demo persons again in Latin letters and queued a "
                              "linkage run over every organisation's list.")
            if monitoring_demo.ensure(demo.ensure_organisations()["A"]):
                console.print("Loaded the demo recommendations and their assessments.")
            if monitoring_indicator_demo.ensure(demo.ensure_organisations()):
                console.print("Loaded the demo indicators, trainings and action plan.")
            if reports_demo.ensure(demo.ensure_organisations()["A"]):
                console.print("Built a demo submission from the recommendations and "
                              "indicators.")
        self._print_logins(console, logins, port)
        if serve:
            self._serve(console, port)

    def _load_cases(self, console: Console) -> None:
        if demo.demo_cases_loaded():
            console.print("Demo cases already loaded; kept as they are.")
            return
        progress_console = Console(stderr=True)
        with Progress(TextColumn("Loading demo cases"), BarColumn(), MofNCompleteColumn(),
                      console=progress_console, transient=True) as progress:
            task = progress.add_task("cases", total=demo_data.DEMO_CASES)
            created = demo.ensure_cases(progress=lambda done: progress.advance(task, done))
        console.print(f"Loaded {created} demo cases.")

    def _print_logins(self, console: Console, logins: list[demo.DemoLogin], port: int) -> None:
        created = sum(1 for login in logins if login.created)
        table = Table(title="Demo accounts", title_justify="left")
        table.add_column("Username", no_wrap=True, style="bold")
        table.add_column("Role")
        table.add_column("Organisation")
        for login in logins:
            table.add_row(login.username, login.role, login.organisation)
        console.print(table)
        console.print(f"Password for every demo account: [bold]{demo.DEMO_PASSWORD}[/bold]")
        if created < len(logins):
            console.print(
                f"{len(logins) - created} of {len(logins)} accounts already existed and were "
                "kept as they are."
            )
        console.print(f"Open {demo.DEMO_URL.format(port=port)} and sign in.")

    def _require_free_port(self, port: int) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                raise CommandError(
                    f"port {port} on {HOST} is in use; stop what runs there or pass --port.",
                    returncode=2,
                ) from None

    def _serve(self, console: Console, port: int) -> None:
        # Ctrl-C must reach us even when started from a shell that ignores it for background jobs.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        palermo = [sys.executable, "-m", "palermo"]
        worker = subprocess.Popen([*palermo, "db_worker"])  # noqa: S603 - fixed argv
        console.print(f"Task worker started (pid {worker.pid}).")
        server = subprocess.Popen(  # noqa: S603 - fixed argv
            [*palermo, "runserver", f"{HOST}:{port}", "--noreload"]
        )
        problem = ""
        try:
            if self._wait_until_listening(server, port):
                console.print(
                    f"[bold green]palermo is ready at {demo.DEMO_URL.format(port=port)}[/] "
                    "(Ctrl-C stops the server and the worker)."
                )
                problem = self._watch(server, worker)
            else:
                problem = "the web server stopped before it was ready"
        except KeyboardInterrupt:
            console.print("Stopping…")
        finally:
            # A second Ctrl-C must not interrupt the clean-up and leave a child running.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                _stop(server)
                _stop(worker)
            finally:
                signal.signal(signal.SIGINT, previous)
        if problem:
            raise CommandError(f"{problem}; the server and the task worker are stopped.")
        console.print("Stopped the server and the task worker.")

    def _wait_until_listening(self, server: subprocess.Popen[bytes], port: int) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if server.poll() is not None:
                return False
            try:
                with socket.create_connection((HOST, port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"the web server did not start within {START_TIMEOUT_SECONDS:.0f} s.")

    def _watch(self, server: subprocess.Popen[bytes], worker: subprocess.Popen[bytes]) -> str:
        """Block until the server or the worker stops by itself; say which one did."""
        while True:
            try:
                code = server.wait(timeout=1)
            except subprocess.TimeoutExpired:
                worker_code = worker.poll()
                if worker_code is not None:
                    # 0 is the worker's answer to Ctrl-C, which may reach it before us.
                    if worker_code == 0:
                        return ""
                    return f"the task worker stopped (exit code {worker_code})"
            else:
                # Likewise 0 from runserver.
                return "" if code == 0 else f"the web server stopped (exit code {code})"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a child to stop (the worker finishes its current task); kill it if it does not."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
