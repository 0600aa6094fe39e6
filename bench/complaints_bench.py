"""The public complaint form under load: gunicorn on 127.0.0.1 and a threaded client posting
prison-labour reports at a fixed rate (open loop: a slow answer does not slow the sender down).

Target (issue 6): 50 submissions per second with p95 under 300 ms. Every request is a full
submission: CSRF check, form validation, the rate-limit count in the database (the per-address
allowance is raised for the run, since every request comes from 127.0.0.1), encryption of the
answers, the receipt code's HMAC, the row and its audit event.

    .venv/bin/python bench/complaints_bench.py [--rate 50] [--seconds 20] [--workers 3]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import configure, line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FORM = "/report/prison-labour/"
TARGET_RATE, TARGET_P95_MS = 50, 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare() -> None:
    from django.core.management import call_command

    from palermo.accounts.models import Organisation

    call_command("migrate", interactive=False, verbosity=0)
    Organisation.objects.get_or_create(name="Bench receiver", defaults={
        "org_type": "NGO", "country": "RU"})


def _serve(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PALERMO_COMPLAINTS_ORGANISATION": "Bench receiver",
           "PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW": "1000000",
           "PALERMO_SSL_REDIRECT": "0", "PALERMO_ALLOWED_HOSTS": "127.0.0.1",
           "PALERMO_REQUIRE_2FA": "0"}
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "palermo.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _session(port: int) -> tuple[str, str]:
    """A CSRF cookie and the form's token, as a browser gets them by loading the form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", FORM)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if response.status != 200 or not cookie or token is None:
        raise SystemExit(f"cannot load the form: HTTP {response.status}")
    return cookie, token.group(1)


def run(rate: int, seconds: int, workers: int) -> dict[str, float]:
    configure()
    _prepare()
    port = _free_port()
    server = _serve(port, workers)
    try:
        cookie, token = _session(port)
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "reporter": "relative", "hours_per_day": "14",
            "days_per_week": "7", "monthly_pay": "250", "penalised_for_refusing": "yes",
            "private_company": "yes", "text": "Шьют форму по 14 часов без выходных. " * 5,
        })
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                   "Origin": f"http://127.0.0.1:{port}", "Referer": f"http://127.0.0.1:{port}/"}
        latencies: list[float] = []
        failures: list[int] = []
        lock = threading.Lock()
        local = threading.local()

        def submit() -> None:
            connection = getattr(local, "connection", None)
            if connection is None:
                connection = local.connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=30)
            start = time.perf_counter()
            try:
                connection.request("POST", FORM, body=body, headers=headers)
                response = connection.getresponse()
                ok = response.status == 200 and b'class="receipt"' in response.read()
            except (OSError, http.client.HTTPException):
                local.connection, ok = None, False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    failures.append(1)

        total = rate * seconds
        threads: list[threading.Thread] = []
        begin = time.perf_counter()
        for n in range(total):
            wait = begin + n / rate - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            thread = threading.Thread(target=submit)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - begin
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies.sort()
    return {
        "submitted": float(total), "failed": float(len(failures)), "seconds": elapsed,
        "rate": (total - len(failures)) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "p99": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=TARGET_RATE)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    figures = run(options.rate, options.seconds, options.workers)
    print(f"Public complaint form: gunicorn on 127.0.0.1, {options.workers} workers, SQLite, "
          f"{options.rate}/s offered for {options.seconds} s")
    line("submissions stored per second", f"{figures['rate']:.1f}", f"target {TARGET_RATE}")
    line("failed submissions", f"{figures['failed']:.0f}", "target 0")
    line("latency p50", f"{figures['p50']:.0f} ms")
    line("latency p95", f"{figures['p95']:.0f} ms", f"target < {TARGET_P95_MS} ms")
    line("latency p99", f"{figures['p99']:.0f} ms")


if __name__ == "__main__":
    main()
