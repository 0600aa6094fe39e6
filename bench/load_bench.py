"""Load and soak: gunicorn with several workers on PostgreSQL, the demo registry scaled to
1,000,000 cases, locust driving 50 users for 10 minutes on loopback with a realistic mix (case
list, exact-name search, case detail, new case, referral, complaint form). Reports throughput,
p50/p95/p99 per action and overall, errors, and the workers' memory over time with its trend.

    PYTHONPATH=. .venv/bin/python bench/load_bench.py [--cases N] [--duration S] [--users U]
    PYTHONPATH=. .venv/bin/python bench/load_bench.py --cases N --verify   # data, checked; no load

Needs PostgreSQL: DATABASE_URL (any database on the server; ``palermo_bench`` is created beside
it), else postgresql://postgres@127.0.0.1:5432/postgres. The data is made by ``_bulk_cases``
(a million cases in 7 to 16 minutes on two cores) and stays in
``palermo_bench`` and is reused while ``var/bench/load/marker.json`` matches (``--fresh`` drops
it). Targets: 0 errors, p95 ≤ 300 ms, no growth trend in the workers' memory. Not run by CI.
"""

from __future__ import annotations

import argparse
import csv
import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _load_data import (  # noqa: E402
    FOLDER,
    create_database,
    database_url,
    ensure_cases,
    personas,
    verify,
)
from _setup import configure, line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 300.0
#: Growth of the workers' memory over the run (last fifth against the second) taken as a trend.
GROWTH_LIMIT = 0.10
SAMPLE_SECONDS = 5.0


def loopback(host: str) -> str:
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        raise SystemExit(f"--host {host}: cannot resolve it") from None
    if not address.is_loopback:
        raise SystemExit(f"--host {host} is not a loopback address: this bench only loads a "
                         "server on this machine")
    return str(address)


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def serve(host: str, port: int, workers: int, organisation: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PALERMO_SSL_REDIRECT": "0", "PALERMO_ALLOWED_HOSTS": host,
           "PALERMO_REQUIRE_2FA": "0", "PALERMO_COMPLAINTS_ORGANISATION": organisation,
           # Every simulated complainant comes from the loopback address.
           "PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW": "1000000"}
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "palermo.wsgi:application",
         "--bind", f"{host}:{port}", "--workers", str(workers), "--timeout", "120",
         "--no-control-socket", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start within 120 s")


def warm_up(host: str, port: int, workers: int) -> float:
    """Send rounds of concurrent requests until every worker answers quickly: a worker imports
    the URLconf (every view module) on its first request, which is start-up, not load."""
    began = time.monotonic()

    def fetch() -> float:
        start = time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=180) as conn:
                conn.sendall(f"GET /accounts/login/ HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
                while conn.recv(65536):
                    pass
        except OSError:
            return 999.0
        return time.monotonic() - start

    while time.monotonic() - began < 600:
        slowest: list[float] = []
        threads = [threading.Thread(target=lambda times: times.append(fetch()), args=(slowest,))
                   for _ in range(workers * 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if max(slowest) < 1.0:
            break
    return time.monotonic() - began


class MemorySampler(threading.Thread):
    """Resident memory of each gunicorn worker every few seconds."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master)
        self.samples: list[tuple[float, list[int]]] = []
        self.stopping = threading.Event()
        self.began = time.monotonic()
        # Where the machine's time went: every core, and the workers' own CPU seconds.
        self.machine_start = psutil.cpu_times()
        self.machine_end = self.machine_start
        self.workers_cpu: dict[int, tuple[float, float]] = {}

    def _workers_cpu(self) -> None:
        for child in self.master.children():
            times = child.cpu_times()
            first = self.workers_cpu.get(child.pid, (times.user + times.system,) * 2)[0]
            self.workers_cpu[child.pid] = (first, times.user + times.system)

    def run(self) -> None:
        try:
            self._workers_cpu()
        except psutil.Error:
            pass
        while not self.stopping.wait(SAMPLE_SECONDS):
            try:
                rss = [child.memory_info().rss for child in self.master.children()]
                self._workers_cpu()
            except psutil.Error:
                continue
            self.machine_end = psutil.cpu_times()
            self.samples.append((time.monotonic() - self.began, rss))

    def cpu(self) -> dict[str, float]:
        """Share of all cores busy over the run, and the share the workers used themselves
        (the rest: PostgreSQL, the load generator, the system)."""
        start, end = self.machine_start, self.machine_end
        total = sum(end) - sum(start)
        if total <= 0:
            return {}
        idle = (end.idle + getattr(end, "iowait", 0)) - (start.idle + getattr(start, "iowait", 0))
        workers = sum(last - first for first, last in self.workers_cpu.values())
        return {"cores": psutil.cpu_count() or 1, "busy": round(1 - idle / total, 3),
                "workers": round(workers / total, 3)}

    def trend(self) -> dict[str, Any]:
        if len(self.samples) < 5:
            return {"samples": len(self.samples)}
        times = [t for t, _ in self.samples]
        totals = [sum(rss) / 2**20 for _, rss in self.samples]
        mean_t, mean_m = sum(times) / len(times), sum(totals) / len(totals)
        slope = (sum((t - mean_t) * (m - mean_m) for t, m in zip(times, totals, strict=True))
                 / sum((t - mean_t) ** 2 for t in times))
        fifth = max(1, len(totals) // 5)
        second = sum(totals[fifth:2 * fifth]) / fifth  # after the warm-up fifth
        last = sum(totals[-fifth:]) / fifth
        return {"samples": len(self.samples), "workers": len(self.samples[-1][1]),
                "first_mb": round(totals[0], 1), "last_mb": round(totals[-1], 1),
                "max_worker_mb": round(max(max(r) for _, r in self.samples) / 2**20, 1),
                "slope_mb_per_min": round(slope * 60, 2),
                "growth": round((last - second) / second, 3)}


def run_locust(host: str, port: int, users: int, duration: int, config: Path,
               prefix: Path) -> None:
    subprocess.run(  # noqa: S603 - our own venv's locust, fixed arguments
        [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench/_locustfile.py"),
         "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 10)),
         "--run-time", f"{duration}s", "--host", f"http://{host}:{port}", "--csv", str(prefix),
         "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
        env={**os.environ, "PALERMO_LOAD_CONFIG": str(config)}, cwd=ROOT, check=False)


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=600, help="seconds of load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--host", default="127.0.0.1", help="loopback only")
    parser.add_argument("--generate-workers", type=int, default=os.cpu_count() or 1,
                        help="processes encrypting and indexing the generated rows")
    parser.add_argument("--fresh", action="store_true", help="drop palermo_bench and generate")
    parser.add_argument("--verify", action="store_true",
                        help="after generating, check the rows as the app reads them; no load")
    args = parser.parse_args()
    host = loopback(args.host)

    admin = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    create_database(admin, fresh=args.fresh)
    if args.fresh:
        (FOLDER / "marker.json").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = database_url(admin)
    os.environ["PALERMO_REQUIRE_2FA"] = "0"  # as the server below: --verify's case page
    configure(keep_database_url=True, keep=FOLDER)
    (FOLDER / "static").mkdir(exist_ok=True)  # WhiteNoise's root; the bench serves no assets
    data = ensure_cases(args.cases, args.generate_workers)
    print(f"data: {data}")
    people = personas(secrets.token_hex(4))
    if args.verify:
        verify(people)
        return
    config = FOLDER / "locust-config.json"
    config.write_text(json.dumps(people))
    config.chmod(0o600)
    from django.db import connections

    connections.close_all()

    print(f"palermo load bench: {args.cases:,} cases on PostgreSQL ({data}), gunicorn with "
          f"{args.workers} workers, {args.users} users for {args.duration} s on {host}")
    port = free_port(host)
    server = serve(host, port, args.workers, people["organisation"])
    print(f"workers warmed up in {warm_up(host, port, args.workers):.0f} s")
    sampler = MemorySampler(server.pid)
    sampler.start()
    prefix = FOLDER / "locust"
    try:
        run_locust(host, port, args.users, args.duration, config, prefix)
    finally:
        sampler.stopping.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    config.unlink(missing_ok=True)  # it holds a live API token

    rows = read_stats(prefix)
    print(f"{'action':<24} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50':>6} {'p95':>6} "
          f"{'p99':>6} (ms)")
    for row in rows:
        print(f"{row['Name']:<24} {row['Request Count']:>9} {row['Failure Count']:>7} "
              f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors, p95 = int(total["Failure Count"]), float(total["95%"])
    memory = sampler.trend()
    growth = memory.get("growth")
    line("throughput", f"{float(total['Requests/s']):.1f} req/s")
    line("errors", f"{errors} of {total['Request Count']}",
         f"target 0: {'ok' if errors == 0 else 'MISSED'}")
    line("p50 / p95 / p99", f"{total['50%']} / {total['95%']} / {total['99%']} ms",
         f"target p95 ≤ {TARGET_P95_MS:.0f} ms: {'ok' if p95 <= TARGET_P95_MS else 'MISSED'}")
    cpu = sampler.cpu()
    if cpu:
        line("CPU, all cores", f"{cpu['busy']:.0%} busy over {cpu['cores']} cores",
             f"gunicorn workers {cpu['workers']:.0%}, the rest PostgreSQL, locust, system")
    line("workers' memory (sum)", f"{memory.get('first_mb')} → {memory.get('last_mb')} MB",
         f"slope {memory.get('slope_mb_per_min')} MB/min, growth {growth} after warm-up: "
         + ("no trend" if growth is not None and growth <= GROWTH_LIMIT else "GROWING"))
    result = {"cases": args.cases, "users": args.users, "duration": args.duration,
              "workers": args.workers, "data": data, "stats": rows, "memory": memory, "cpu": cpu,
              "memory_samples": sampler.samples}
    (FOLDER / "last-run.json").write_text(json.dumps(result, indent=1))
    print(f"details in {FOLDER / 'last-run.json'}")


if __name__ == "__main__":
    main()
