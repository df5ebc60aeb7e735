"""Load benchmark: Puente's pages against bare Flask, in one run on one machine.

    DATABASE_URL=sqlite:////tmp/perf_m.db .venv/bin/python -m bench.load --duration 10

It starts gunicorn (sync workers = cores) on the seeded database given by DATABASE_URL (see
``flask seed``), signs participants and trainers in through the real sign-in form (CSRF on),
then runs wrk (installed with apt-get when missing) with 16 connections over each page in turn,
rotating signed-in people and URLs. In the same run it starts a bare Flask app
(``bench/floor.py``: hello world, and 50 rows of the users table through Jinja) on the same
database. The 50-row floor is measured before the first page and again after every page; each
page's ratio is to the mean of the floor runs just before and after it (the floor row shows
the mean of all of them). It prints page, requests/s, p50, p95, p99 and the ratio to the 50-row
floor page, and writes the table as CSV and Markdown into ``bench/out/``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from learning.jobs.models import Job

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "seed-password-2026"  # noqa: S105 - learning.demo.seed.SEED_PASSWORD
LUA = """
local reqs = {%s}
local i = 0
request = function()
  i = i %% #reqs + 1
  local r = reqs[i]
  return wrk.format("GET", r[1], {["Cookie"] = r[2], ["Accept-Language"] = r[3]})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Result:
    """One page's figures."""

    page: str
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    ratio: float = 0.0


def limits_storage(uri: str) -> str:
    """The rate limits' storage, emptied: Redis as in production. In memory, the limits
    library starts a thread to expire counters after nearly every request, which costs the
    API (limited per caller) about a quarter of its rate here and is not what production runs."""
    if uri.startswith("redis://"):
        from redis import Redis

        Redis.from_url(uri).flushdb()
    return uri


def ensure_wrk() -> str:
    """The wrk binary, installed with apt-get when missing (a Debian package)."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() != 0:
        apt.insert(0, "sudo")
    subprocess.run(apt, check=True)  # noqa: S603 - fixed command
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is not installed and apt-get could not install it")
    return found


def start(app: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """gunicorn with ``workers`` sync workers; returns once it answers."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(  # noqa: S603 - our own command
        [gunicorn, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = fetch(port, "/hello" if "floor" in app else "/healthz")
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            sys.exit(f"{app} did not start:\n{process.stderr.read().decode()}")  # type: ignore[union-attr]
    sys.exit(f"{app} did not answer within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a gunicorn we started (by its own pid)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def fetch(
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: str | None = None,
    cookie: str = "",
    address: str = "",
) -> tuple[int, dict[str, str], str]:
    """One request; returns status, headers (Set-Cookie joined) and body. ``address`` is the
    client's address as the load balancer would forward it (X-Forwarded-For)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Language": "en"}
    if address:
        headers["X-Forwarded-For"] = address
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read().decode("utf-8", "replace")
    found = {k.lower(): v for k, v in response.getheaders()}
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    found["set-cookie"] = "; ".join(cookies)
    conn.close()
    return response.status, found, data


def _session_cookie(headers: dict[str, str]) -> str:
    match = re.search(r"(?:^|[;,]\s*)(session=[^;]+)", headers.get("set-cookie", ""))
    return match.group(1) if match else ""


def sign_in(port: int, email: str) -> str:
    """Sign in through the real form (CSRF token from the page); returns the Cookie header.
    Each person signs in from an address of their own, as people do: from one address the
    sign-in form's rate limit (10 a minute, 50 an hour) would refuse the benchmark's crowd."""
    address = "10." + ".".join(str(b) for b in hashlib.sha256(email.encode()).digest()[:3])
    status, headers, page = fetch(port, "/account/sign-in", address=address)
    cookie = _session_cookie(headers)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if status != 200 or not token:
        sys.exit(f"sign-in page unusable ({status})")
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": PASSWORD, "next": ""}
    )
    status, headers, _ = fetch(
        port, "/account/sign-in", method="POST", body=form, cookie=cookie, address=address
    )
    signed = _session_cookie(headers)
    if status != 302 or not signed:
        sys.exit(f"could not sign in {email} (status {status}); is the database seeded?")
    # Like a browser: the first page shows the welcome message and sends the session without
    # it. Keeping the first cookie would show (and drop) the message on every request.
    _, headers, _ = fetch(port, "/", cookie=signed)
    return _session_cookie(headers) or signed


def targets(url: str) -> dict[str, list[str]]:
    """People and things to visit, read from the seeded database."""
    engine = create_engine(url)
    with engine.connect() as conn:
        participants = conn.execute(
            text(
                "SELECT u.email, w.slug, MIN(l.id) FROM users u "
                "JOIN enrolments e ON e.user_id = u.id AND e.state = 'active' "
                "JOIN editions ed ON ed.id = e.edition_id "
                "JOIN workshops w ON w.id = ed.workshop_id AND w.status = 'published' "
                "JOIN modules m ON m.workshop_id = w.id JOIN lessons l ON l.module_id = m.id "
                "WHERE u.email LIKE 'participant%' GROUP BY u.email, w.slug "
                "ORDER BY u.email, w.slug LIMIT 6"
            )
        ).all()
        trainers = conn.execute(
            text(
                "SELECT u.email, w.slug, ed.id FROM users u "
                "JOIN workshop_trainers t ON t.user_id = u.id "
                "JOIN workshops w ON w.id = t.workshop_id "
                "JOIN editions ed ON ed.workshop_id = w.id "
                "WHERE u.email LIKE 'trainer%' ORDER BY u.id, ed.id LIMIT 40"
            )
        ).all()
        slugs = conn.scalars(
            text("SELECT slug FROM workshops WHERE status = 'published' ORDER BY id LIMIT 50")
        ).all()
        outputs = conn.scalars(
            text(
                "SELECT id FROM research_outputs WHERE state = 'published' AND access = 'public' "
                "ORDER BY id LIMIT 50"
            )
        ).all()
        events = conn.scalars(
            text("SELECT id FROM events WHERE status = 'published' ORDER BY id LIMIT 50")
        ).all()
        threads = conn.scalars(
            text("SELECT id FROM network_threads ORDER BY post_count DESC, id LIMIT 50")
        ).all()
        calls = conn.scalars(
            text("SELECT id FROM calls WHERE status <> 'draft' ORDER BY id LIMIT 50")
        ).all()
        # Calls under review and the staff reviewing them: the reviewer's list.
        reviewing = conn.execute(
            text(
                "SELECT u.email, r.call_id FROM call_reviewers r JOIN users u ON u.id = r.user_id "
                "ORDER BY r.call_id LIMIT 20"
            )
        ).all()
        # Applicants with drafts to open calls that ask questions: the questions step.
        drafting = conn.execute(
            text(
                "SELECT u.email, a.call_id, a.id FROM call_applications a JOIN users u ON "
                "u.id = a.user_id JOIN calls c ON c.id = a.call_id WHERE a.state = 'draft' "
                "AND c.status = 'open' AND EXISTS (SELECT 1 FROM call_questions q WHERE "
                "q.call_id = c.id) ORDER BY a.id LIMIT 20"
            )
        ).all()
        admins = conn.scalars(
            text(
                "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id "
                "WHERE r.role = 'admin' ORDER BY u.id LIMIT 1"
            )
        ).all()
        # Fellows and their placements: the fellow's placement page.
        placed = conn.execute(
            text(
                "SELECT u.email, p.id FROM call_placements p JOIN users u ON u.id = p.user_id "
                "ORDER BY p.id LIMIT 20"
            )
        ).all()
        organisations = conn.scalars(
            text(
                "SELECT id FROM network_organisations WHERE status = 'active' ORDER BY id LIMIT 50"
            )
        ).all()
        # Events and the trainers who created them: their registrations and questions pages.
        organised = conn.execute(
            text(
                "SELECT u.email, e.id FROM events e JOIN users u ON u.id = e.created_by_id "
                "WHERE u.email LIKE 'trainer%' ORDER BY e.id LIMIT 20"
            )
        ).all()
        # Certificates of attendance of past events: their public verification pages.
        attended = conn.scalars(
            text("SELECT code FROM event_certificates ORDER BY id LIMIT 50")
        ).all()
        users = conn.scalar(text("SELECT COUNT(*) FROM users"))
    with engine.begin() as conn:
        # The job page follows a trainer's roster export: one running job per trainer visited
        # (added once to the seeded database; the seed itself makes no jobs).
        first_edition: dict[str, int] = {}
        for email, _slug, edition in trainers:
            first_edition.setdefault(email, edition)
        for email, edition in first_edition.items():
            owner = conn.scalar(text("SELECT id FROM users WHERE email = :e"), {"e": email})
            if conn.scalar(text("SELECT COUNT(*) FROM jobs WHERE owner_id = :o"), {"o": owner}):
                continue
            conn.execute(
                insert(Job.__table__).values(
                    kind="enrolment.roster_export",
                    owner_id=owner,
                    state="running",
                    done=500,
                    total=1000,
                    params={"edition_id": edition, "state": "", "q": ""},
                    result={},
                    attempts=1,
                    cancel_requested=False,
                    created_at=datetime.now(UTC),
                )
            )
        jobs = conn.execute(
            text(
                "SELECT u.email, MIN(j.id) FROM jobs j JOIN users u ON u.id = j.owner_id "
                "WHERE u.email LIKE 'trainer%' GROUP BY u.email ORDER BY u.email"
            )
        ).all()
    engine.dispose()
    if not participants or not trainers or not slugs or not outputs or not events:
        sys.exit("the database has no seeded programme: run `flask --app wsgi seed --size m`")
    by_trainer: dict[str, list[tuple[str, int]]] = {}
    for email, slug, edition in trainers:
        by_trainer.setdefault(email, []).append((slug, edition))
    return {
        "participants": [f"{e}|{s}|{lesson}" for e, s, lesson in participants],
        "trainers": [
            f"{e}|{s}|{ed}" for e, pairs in list(by_trainer.items())[:2] for s, ed in pairs
        ],
        "slugs": list(slugs),
        "outputs": [str(o) for o in outputs],
        "events": [str(e) for e in events],
        "threads": [str(t) for t in threads],
        "calls": [str(c) for c in calls],
        "reviewing": [f"{email}|{call}" for email, call in reviewing],
        "drafting": [f"{email}|{call}" for email, call, _application in drafting],
        # Staff reading the drafts of those calls, one application at a time.
        "applications": [
            f"{admin}|{call}|{application}"
            for _email, call, application in drafting
            for admin in admins[:1]
        ],
        "placed": [f"{email}|{placement}" for email, placement in placed],
        "organisations": [str(o) for o in organisations],
        "organised": [f"{email}|{event}" for email, event in organised],
        "attended": [str(code) for code in attended],
        "jobs": [f"{email}|{job}" for email, job in jobs],
        "users": [str(users)],
    }


def pages(port: int, found: dict[str, list[str]]) -> dict[str, list[tuple[str, str, str]]]:
    """Page name -> [(path, cookie, language)] to rotate over."""
    cookies: dict[str, str] = {}
    signed_in = found["participants"] + found["trainers"] + found["jobs"] + found["organised"]
    staff_reading = found["drafting"] + found["applications"]
    for entry in signed_in + found["reviewing"] + found.get("placed", []) + staff_reading:
        email = entry.split("|")[0]
        if email not in cookies:
            cookies[email] = sign_in(port, email)
    people = [entry.split("|") for entry in found["participants"]]
    trainer_rows = [entry.split("|") for entry in found["trainers"]]
    langs = ("es", "en")

    def who(i: int) -> tuple[str, str]:
        email = people[i % len(people)][0]
        return cookies[email], langs[i % 2]

    def rotate(paths: list[str]) -> list[tuple[str, str, str]]:
        return [(path, *who(i)) for i, path in enumerate(paths)]

    words = ["periodismo", "data journalism", "gobierno abierto", "climate", "digital"]
    research_words = ["transparencia", "climate adaptation", "evidencia", "digital", "growth"]
    return {
        "catalogue": rotate(["/workshops/"] * len(people)),
        "catalogue search": rotate([f"/workshops/?q={urllib.parse.quote(w)}" for w in words]),
        "workshop page": rotate([f"/workshops/{slug}" for slug in found["slugs"]]),
        "lesson page": [
            (f"/workshops/{slug}/lessons/{lesson}", cookies[email], langs[i % 2])
            for i, (email, slug, lesson) in enumerate(people)
        ],
        "my learning": rotate(["/my-learning"] * len(people)),
        "research search": rotate(
            [f"/research/?q={urllib.parse.quote(w)}" for w in research_words]
        ),
        "research landing": rotate([f"/research/{o}" for o in found["outputs"]]),
        "event list": rotate(["/events/"] * len(people)),
        "event page": rotate([f"/events/{e}" for e in found["events"]]),
        "call list": rotate(["/calls/"] * len(people)),
        "call page": rotate([f"/calls/{c}" for c in found["calls"]]),
        "reviewer list": [
            (f"/calls/{call}/reviews", cookies[email], langs[i % 2])
            for i, (email, call) in enumerate(e.split("|") for e in found["reviewing"])
        ],
        "application questions": [
            (f"/calls/{call}/application/questions", cookies[email], langs[i % 2])
            for i, (email, call) in enumerate(e.split("|") for e in found["drafting"])
        ],
        "call application": [
            (f"/calls/{call}/applications/{application}", cookies[email], langs[i % 2])
            for i, (email, call, application) in enumerate(
                e.split("|") for e in found["applications"]
            )
        ],
        "call form": [
            (f"/calls/{call}/form", cookies[email], langs[i % 2])
            for i, (email, call) in enumerate(e.split("|") for e in found["reviewing"])
        ],
        "placement page": [
            (f"/calls/placements/{placement}", cookies[email], langs[i % 2])
            for i, (email, placement) in enumerate(e.split("|") for e in found.get("placed", []))
        ],
        "discussion thread": rotate([f"/network/threads/{t}" for t in found["threads"]]),
        "network directory": rotate(
            [f"/network/?q={urllib.parse.quote(w)}" for w in ("", "periodista", "politica")]
        ),
        "organisation page": rotate(
            [f"/network/organisations/{o}" for o in found["organisations"]]
        ),
        "event registrations": [
            (f"/events/{event}/registrations", cookies[email], langs[i % 2])
            for i, (email, event) in enumerate(e.split("|") for e in found["organised"])
        ],
        "event questions": [
            (f"/events/{event}/questions", cookies[email], langs[i % 2])
            for i, (email, event) in enumerate(e.split("|") for e in found["organised"])
        ],
        "event certificates": [
            (f"/events/{event}/certificates", cookies[email], langs[i % 2])
            for i, (email, event) in enumerate(e.split("|") for e in found["organised"])
        ],
        "event materials": [
            (f"/events/{event}/materials", cookies[email], langs[i % 2])
            for i, (email, event) in enumerate(e.split("|") for e in found["organised"])
        ],
        "event survey results": [
            (f"/events/{event}/survey/results", cookies[email], langs[i % 2])
            for i, (email, event) in enumerate(e.split("|") for e in found["organised"])
        ],
        "certificate of attendance": rotate(
            [f"/events/certificates/{code}" for code in found["attended"]]
        ),
        # The API (a session cookie sent along is ignored there): a page of each list.
        "api workshops": rotate(["/api/v1/workshops?limit=20"] * len(people)),
        "api events": rotate(["/api/v1/events?limit=20"] * len(people)),
        "api organisations": rotate(["/api/v1/organisations?limit=20"] * len(people)),
        "trainer roster": [
            (f"/editions/{edition}/roster", cookies[email], langs[i % 2])
            for i, (email, slug, edition) in enumerate(trainer_rows)
        ],
        "job page": [
            (f"/jobs/{job}", cookies[email], langs[i % 2])
            for i, (email, job) in enumerate(entry.split("|") for entry in found["jobs"])
        ],
        "completion report": [
            (f"/workshops/{slug}/editions/{edition}/report", cookies[email], langs[i % 2])
            for i, (email, slug, edition) in enumerate(trainer_rows)
        ],
    }


def run_wrk(
    wrk: str, port: int, name: str, reqs: list[tuple[str, str, str]], args: argparse.Namespace
) -> Result:
    """Warm up, then run wrk over ``reqs``; parses the figures printed by the Lua script."""
    for path, cookie, _ in reqs[:3]:
        status, _, _ = fetch(port, path, cookie=cookie)
        if status != 200:
            sys.exit(f"{name}: {path} answered {status}, not 200")
    entries = ", ".join(
        "{%s, %s, %s}" % tuple(_lua_string(v) for v in req)  # noqa: UP031 - Lua syntax
        for req in reqs
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % entries)
    try:
        if args.warmup:
            subprocess.run(  # noqa: S603 - our own command
                [wrk, "-t2", f"-c{args.connections}", f"-d{args.warmup}s", "-s", script.name,
                 f"http://127.0.0.1:{port}"],
                check=True, capture_output=True,
            )  # fmt: skip
        out = subprocess.run(  # noqa: S603 - our own command
            [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
             "-s", script.name, f"http://127.0.0.1:{port}"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, duration_us, p50, p95, p99, status_errors, socket_errors = map(int, line.split()[1:])
    return Result(
        page=name,
        rps=requests / (duration_us / 1e6),
        p50=p50 / 1000,
        p95=p95 / 1000,
        p99=p99 / 1000,
        errors=status_errors + socket_errors,
    )


def _mean_floor(floors: list[Result]) -> Result:
    """The floor runs of one benchmark as one row: mean requests/s, worst latencies."""
    return Result(
        page="floor: 50 rows",
        rps=sum(f.rps for f in floors) / len(floors),
        p50=max(f.p50 for f in floors),
        p95=max(f.p95 for f in floors),
        p99=max(f.p99 for f in floors),
        errors=sum(f.errors for f in floors),
    )


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", help="comma-separated page names to run (plus the floor)")
    parser.add_argument("--label", default="", help="added to the output file names, e.g. m")
    parser.add_argument(
        "--limits",
        default=os.environ.get("BENCH_LIMITS", "redis://127.0.0.1:6379/6"),
        help="rate-limit storage, emptied first: Redis as in production (default), or memory://",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="CACHE_MAX_MB=0: every page made on every request (nothing kept between requests)",
    )
    args = parser.parse_args()
    if not args.database_url:
        sys.exit("give --database-url or DATABASE_URL (a database seeded with `flask seed`)")
    wrk = ensure_wrk()
    found = targets(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "PUENTE_ENV": "production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-" + os.urandom(8).hex()),
        "RATELIMIT_STORAGE_URI": limits_storage(args.limits),
        # Behind a load balancer, as in production: sign-ins come from many addresses.
        "TRUSTED_PROXIES": "1",
        # One address makes every request: the API's per-caller limit would measure 429s.
        "API_RATE_LIMIT": "100000000 per minute",
        **({"CACHE_MAX_MB": "0"} if args.no_cache else {}),
    }
    results: list[Result] = []
    floors: list[Result] = []
    floor = start("bench.floor:app", args.port + 1, args.workers, env)
    app = start("wsgi:app", args.port, args.workers, env)
    try:

        def floor_rows() -> Result:
            measured = run_wrk(wrk, args.port + 1, "floor: 50 rows", [("/rows", "", "en")], args)
            floors.append(measured)
            return measured

        results.append(
            run_wrk(wrk, args.port + 1, "floor: hello world", [("/hello", "", "en")], args)
        )
        # The floor is measured again beside every page: each page's ratio is to the mean of
        # the floor runs just before and just after it, so a slow or fast stretch of the
        # machine moves both sides of the ratio, not every ratio of the run.
        before = floor_rows()
        wanted = set(args.only.split(",")) if args.only else None
        for name, reqs in pages(args.port, found).items():
            if wanted is None or name in wanted:
                page = run_wrk(wrk, args.port, name, reqs, args)
                after = floor_rows()
                page.ratio = page.rps / ((before.rps + after.rps) / 2)
                results.append(page)
                before = after
    finally:
        stop(app)
        stop(floor)
    mean = sum(f.rps for f in floors) / len(floors)
    results.insert(1, _mean_floor(floors))
    results[0].ratio = results[0].rps / mean
    results[1].ratio = 1.0
    dialect = args.database_url.split(":")[0].split("+")[0]
    title = (
        f"{dialect}, {found['users'][0]} users, {args.workers} workers, "
        f"{args.connections} connections, {args.duration} s per page"
        + (", no cache" if args.no_cache else "")
        + f"; 50-row floor measured {len(floors)} times, "
        f"{min(f.rps for f in floors):.0f}-{max(f.rps for f in floors):.0f} requests/s"
    )
    report(results, title, args.label or dialect)


def report(results: list[Result], title: str, label: str) -> None:
    """Print the table and write it to bench/out/ as CSV and Markdown."""
    header = ["page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors", "vs 50-row floor"]
    rows = [
        [r.page, f"{r.rps:.0f}", f"{r.p50:.1f}", f"{r.p95:.1f}", f"{r.p99:.1f}", str(r.errors),
         f"{r.ratio:.2f}"]
        for r in results
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(title)
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                        enumerate(zip(row, widths, strict=True))))  # fmt: skip
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    with open(out / f"load-{label}-{stamp}.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    lines = [f"**{title}**", "", "| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]  # fmt: skip
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    (out / f"load-{label}-{stamp}.md").write_text("\n".join(lines) + "\n")
    print(f"written to bench/out/load-{label}-{stamp}.csv and .md")


if __name__ == "__main__":
    main()
