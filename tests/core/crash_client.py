"""A client process of the crash-consistency test: writes through the API until told to stop.

Each unit of work registers a person, opens a case for them, records the person's consent to
share with organisation C and refers the case to C's service, every step over HTTP. A step whose
response arrived (201 with the new id) is acknowledged: it is appended to this client's log and
flushed to disk before the next step. A connection refused or cut (the server was killed) is not
an acknowledgement; the client waits and starts a new unit. Standard library only.

    python -m tests.core.crash_client BASE_URL TOKEN SERVICE_ID ORG_C_ID CLIENT LOG STOP_FILE
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


class ServerDown(Exception):
    """The request got no answer (refused, reset, cut short or a gateway error)."""


def post(base: str, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - the test's own loopback server
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback
            answer: dict[str, Any] = json.loads(response.read())
            if response.status != 201:
                raise RuntimeError(f"POST {path} answered {response.status}: {answer}")
            return answer
    except urllib.error.HTTPError as exc:
        if exc.code in (502, 503, 504):
            raise ServerDown(str(exc)) from None
        raise RuntimeError(f"POST {path} answered {exc.code}: {exc.read()[:300]!r}") from None
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException, TimeoutError,
            json.JSONDecodeError) as exc:
        raise ServerDown(str(exc)) from None


def main(argv: list[str]) -> int:
    base, token, service_id, org_c, client, log_path, stop_path = argv
    stop = Path(stop_path)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    unit = 0
    with open(log_path, "a", encoding="utf-8") as log:

        def acknowledge(kind: str, pk: int, value: str) -> None:
            log.write(json.dumps({"kind": kind, "id": pk, "value": value}) + "\n")
            log.flush()
            os.fsync(log.fileno())

        while not stop.exists():
            unit += 1
            tag = f"{client}-{unit}"
            try:
                name = f"Crash-{tag}"
                person = post(base, token, "/api/v1/persons", {"given_name": name})
                acknowledge("person", person["id"], name)
                narrative = f"Narrative of unit {tag}: recruited, documents taken."
                case = post(base, token, "/api/v1/cases", {
                    "persons": [person["id"]], "case_type": "ForcedLabour",
                    "opened_on": today, "narrative": narrative,
                })
                acknowledge("case", case["id"], narrative)
                consent = post(base, token, "/api/v1/consents", {
                    "case_id": case["id"], "recipient_id": int(org_c), "given_on": today,
                })
                acknowledge("consent", consent["id"], str(case["id"]))
                message = f"Referral of unit {tag}: needs a doctor."
                referral = post(base, token, "/api/v1/referrals", {
                    "case_id": case["id"], "service_id": int(service_id), "message": message,
                })
                acknowledge("referral", referral["id"], message)
            except ServerDown:
                time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
