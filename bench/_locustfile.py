"""The load bench's simulated users (locust): caseworkers of one NGO working through the API,
and members of the public sending the complaint form. Started by bench/load_bench.py, which
passes the accounts and ids in the JSON file named by ``PALERMO_LOAD_CONFIG``.

Nine users in ten are caseworkers, whose actions are weighted: case list 30, exact-name search
15, case detail 30, new person and case 8, referral of a new case (person, case, consent,
referral) 4. The tenth loads and sends the public forced-labour complaint form. Each user waits
1 to 3 seconds between actions, as a person at work does.

Users are ``FastHttpUser`` (geventhttpclient): the load generator shares the server's cores on
loopback, and this client needs several times less CPU per request than ``requests``.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import re
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

CONFIG = json.loads(Path(os.environ["PALERMO_LOAD_CONFIG"]).read_text(encoding="utf-8"))
TODAY = datetime.datetime.now(datetime.UTC).date().isoformat()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Caseworker(FastHttpUser):
    """A caseworker of organisation A, through the API with a personal token."""

    wait_time = between(1, 3)
    weight = 9
    default_headers = {"Authorization": f"Bearer {CONFIG['token']}"}

    @task(30)
    def case_list(self) -> None:
        offset = random.choice([0, 0, 0, 25, 50, 250])
        self.client.get(f"/api/v1/cases?limit=25&offset={offset}", name="case list")

    @task(15)
    def search(self) -> None:
        self.client.get("/api/v1/cases", params={"q": random.choice(CONFIG["names"])},
                        name="search by exact name")

    @task(30)
    def case_detail(self) -> None:
        self.client.get(f"/api/v1/cases/{random.choice(CONFIG['case_ids'])}", name="case detail")

    def _new_case(self) -> int | None:
        person = self.client.post("/api/v1/persons", name="create person", json={
            "given_name": "Нодира", "family_name": f"Нагрузкина-{random.randrange(10**6)}",
            "gender": "Feminine", "citizenships": ["UZ"]})
        if person.status_code != 201:
            return None
        case = self.client.post("/api/v1/cases", name="create case", json={
            "persons": [person.json()["id"]], "case_type": "ForcedLabour", "opened_on": TODAY,
            "narrative": "Recruited in Samarkand for a building site; passport withheld."})
        return int(case.json()["id"]) if case.status_code == 201 else None

    @task(8)
    def create_case(self) -> None:
        self._new_case()

    @task(4)
    def referral(self) -> None:
        case_id = self._new_case()
        if case_id is None:
            return
        consent = self.client.post("/api/v1/consents", name="record consent", json={
            "case_id": case_id, "recipient_id": CONFIG["clinic_id"], "given_on": TODAY,
            "groups": ["narrative"]})
        if consent.status_code == 201:
            self.client.post("/api/v1/referrals", name="send referral", json={
                "case_id": case_id, "service_id": CONFIG["service_id"],
                "message": "Needs a medical check-up this week."})


class Complainant(FastHttpUser):
    """Someone sending the public forced-labour form: loads it, then sends it."""

    wait_time = between(1, 3)
    weight = 1

    @task
    def complaint(self) -> None:
        form = self.client.get("/report/forced-labour/", name="complaint form")
        token = TOKEN.search(form.text)
        cookie = form.headers.get("Set-Cookie", "").split(";")[0]
        if form.status_code != 200 or token is None or not cookie:
            return
        with self.client.post(
            "/report/forced-labour/", name="send complaint", catch_response=True,
            data={"csrfmiddlewaretoken": token.group(1), "reporter": "relative",
                  "text": "Работают по 14 часов без выходных, паспорта забрали. " * 4},
            # The CSRF cookie is Secure (__Host-); over plain loopback HTTP it is sent by hand.
            headers={"Cookie": cookie, "Origin": self.host, "Referer": f"{self.host}/report/"},
        ) as response:
            if response.status_code != 200 or 'class="receipt"' not in response.text:
                response.failure(f"no receipt code (HTTP {response.status_code})")
