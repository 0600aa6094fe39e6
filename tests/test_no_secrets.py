"""No secret is committed: no private key, no environment file, no real-looking palermo key.

The repository holds only the fixed test keys of tests/settings.py (bytes like "1111…", which
no deployment would use) and documentation placeholders; every tracked file is scanned.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import subprocess
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----")
#: A palermo key assigned a literal value: ``PALERMO_AUDIT_KEY=…``, ``"PALERMO_DATA_KEYS": "…"``.
KEY_ASSIGNMENT = re.compile(
    r"PALERMO_(?:SECRET_KEY|DATA_KEYS|INDEX_KEY|AUDIT_KEY)[\"']?\s*[=:,]\s*[\"']?"
    r"([A-Za-z0-9+/=_:.,-]{24,})"
)
SECRET_FILE = re.compile(
    r"(^|/)(\.env(\..+)?|.*\.env|.*\.pem|.*\.p12|.*\.key|id_(rsa|ed25519|ecdsa)|demo-keys\.json)$"
)


def tracked_files() -> list[str]:
    listed = subprocess.run(  # noqa: S603 - fixed argv; git lists the tracked files
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True,  # noqa: S607 - git from PATH
    )
    return listed.stdout.split()


def entropy_per_byte(data: bytes) -> float:
    counts = Counter(data)
    return -sum(n / len(data) * math.log2(n / len(data)) for n in counts.values())


def looks_random(value: str) -> bool:
    """True for a value that could be a real key: random bytes, or a long random string."""
    for part in re.split(r"[,]", value):
        _, _, body = part.rpartition(":")  # PALERMO_DATA_KEYS pairs: id:base64key
        try:
            raw = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
        except (binascii.Error, ValueError):
            raw = body.encode()
        if len(raw) >= 24 and entropy_per_byte(raw) > 3.5:
            return True
    return False


def findings(files: list[str]) -> list[str]:
    found = []
    for name in files:
        if SECRET_FILE.search(name):
            found.append(f"{name}: a secret-bearing file name")
            continue
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        if PRIVATE_KEY.search(text):
            found.append(f"{name}: a private key block")
        for match in KEY_ASSIGNMENT.finditer(text):
            if looks_random(match.group(1)):
                found.append(f"{name}: {match.group(0)[:40]}… looks like a real key")
    return found


def test_no_secret_is_committed():
    files = tracked_files()
    assert len(files) > 100
    assert findings(files) == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("tests.test_no_secrets.ROOT", tmp_path)
    real = base64.b64encode(bytes(range(7, 39))).decode()
    (tmp_path / "settings.txt").write_text(f"PALERMO_AUDIT_KEY={real}\n")
    (tmp_path / "keys.json").write_text(f'{{"PALERMO_DATA_KEYS": "k1:{real}"}}')
    # Spelled in two parts, so this file does not hold what it looks for.
    (tmp_path / "cert.txt").write_text("-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE\n")
    (tmp_path / "fake.txt").write_text(
        "PALERMO_INDEX_KEY=aWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWk=\n"
        "PALERMO_AUDIT_KEY=$(openssl rand -base64 32)\n"
    )
    names = ["settings.txt", "keys.json", "cert.txt", "fake.txt", "deploy/.env",
             "var/demo-keys.json", "backup.key"]
    assert [f.split(":")[0] for f in findings(names)] == [
        "settings.txt", "keys.json", "cert.txt", "deploy/.env", "var/demo-keys.json",
        "backup.key",
    ]
