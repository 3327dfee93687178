"""The load test's users, for locust (run by `bench/run.py --load`; it prepares the database and the facts).

Staff sign in as one of the demo's case workers and move between their queues, case pages and search, and now and
then log a complaint from a phone call. Members of the public open the start page and send a complaint through
every page of the public form. Each waits 0.5 to 1.5 seconds between actions: a brisk user, so that a few dozen of
them keep the server busy.

Any answer other than the one a user expects is a failure; 5xx answers are marked "server error" so that
bench/run.py can count them on their own. PUTRIGHT_LOAD_FACTS holds the facts as JSON (see run.py FACTS_SCRIPT).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import COMPLAINT_ANSWERS, HONEYPOT, PASSWORD, SEARCH_WORDS, log_form

FACTS: dict[str, Any] = json.loads(os.environ.get("PUTRIGHT_LOAD_FACTS", "{}"))
# Case workers of the demo council who see every unrestricted case (putright/demo/text.py STAFF).
STAFF = ("officer", "leader", "leader2", "head", "manager", "d.khan", "j.fletcher", "m.byrne")
_next_staff = itertools.cycle(STAFF)
# Those among them whose menu offers All cases (the complaints team and managers); it is refused to the rest.
WHOLE_QUEUE_STAFF = frozenset({"officer", "manager"})
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_TOKEN = re.compile(r'name="token"[^>]*value="([^"]+)"')


def check(response: Any, expected: int) -> str:
    """Mark the response a failure unless it has the expected status; return its text."""
    if response.status_code >= 500:
        response.failure(f"server error {response.status_code}")
    elif response.status_code != expected:
        response.failure(f"expected {expected}, got {response.status_code}")
    else:
        response.success()
    return str(response.text or "")


class Staff(HttpUser):
    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.username = next(_next_staff)
        self.rng = random.Random()
        self.references: list[str] = FACTS["unrestricted_references"]
        with self.client.get("/sign-in/", name="sign in (GET)", catch_response=True) as response:
            token = CSRF.search(check(response, 200))
        csrf = token.group(1) if token else ""
        form = {"csrfmiddlewaretoken": csrf, "username": self.username, "password": PASSWORD}
        with self.client.post(
            "/sign-in/", form, name="sign in (POST)", allow_redirects=False, catch_response=True
        ) as response:
            check(response, 302)

    def get(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            return check(response, 200)

    @task(3)
    def my_queue(self) -> None:
        self.get("/cases/", "staff: my cases")

    @task(2)
    def team_queue(self) -> None:
        self.get("/cases/team/", "staff: team cases")

    @task(2)
    def all_queue(self) -> None:
        if self.username in WHOLE_QUEUE_STAFF:
            self.get("/cases/all/", "staff: all cases")

    @task(5)
    def case_page(self) -> None:
        self.get(f"/cases/{self.rng.choice(self.references)}/", "staff: case page")

    @task(3)
    def search(self) -> None:
        self.get(f"/search/?q={self.rng.choice(SEARCH_WORDS).replace(' ', '+')}", "staff: search")

    @task(1)
    def log_a_complaint(self) -> None:
        token = CSRF.search(self.get("/log/", "staff: log a complaint (GET)"))
        form = log_form(self.rng.randrange(10**9), token.group(1) if token else "", FACTS)
        with self.client.post(
            "/log/", form, name="staff: log a complaint (POST)", allow_redirects=False, catch_response=True
        ) as response:
            check(response, 302)


class Public(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def send_a_complaint(self) -> None:
        self.client.cookies.clear()  # a new visitor each time
        with self.client.get("/", name="public: start page", catch_response=True) as response:
            check(response, 200)
        csrf = ""
        for slug, answers in COMPLAINT_ANSWERS:
            path = f"/send/complaint/{slug}/"
            with self.client.get(path, name="public: form page (GET)", catch_response=True) as response:
                found = CSRF.search(check(response, 200))
                csrf = found.group(1) if found else csrf
            form = {"csrfmiddlewaretoken": csrf, HONEYPOT: "", **answers}
            with self.client.post(
                path, form, name="public: form answer (POST)", allow_redirects=False, catch_response=True
            ) as response:
                check(response, 302)
        check_path = "/send/complaint/check-your-answers/"
        with self.client.get(check_path, name="public: check your answers", catch_response=True) as response:
            token = SUBMISSION_TOKEN.search(check(response, 200))
        form = {"csrfmiddlewaretoken": csrf, "token": token.group(1) if token else "", HONEYPOT: ""}
        with self.client.post(
            check_path, form, name="public: send", allow_redirects=False, catch_response=True
        ) as response:
            check(response, 302)
            if response.status_code == 302 and not response.headers.get("Location", "").endswith("/sent/"):
                response.failure(f"sent to {response.headers.get('Location')} instead of the confirmation page")
        with self.client.get("/send/complaint/sent/", name="public: sent", catch_response=True) as response:
            check(response, 200)
