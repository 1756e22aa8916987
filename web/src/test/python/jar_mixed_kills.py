#!/usr/bin/env python3
"""Mixed work on the packaged jar, killed (SIGKILL) at random moments: does every acknowledged change hold?

One data directory for all rounds (the default embedded H2, the sandbox SMTP, dispatch.erasure.shred-after=SHRED so
that the shredder's rewrites run among the kills). Each round starts the jar, checks what the last kill left, then
runs for 15-120 s: two admins importing readers (one address or up to 50 a file), two erasing one at a time
(DELETE /api/admin/subscribers/{id}), an editor publishing a story and asking for a run of digests every few
seconds, and a reader changing their send hour one at a time (PATCH /api/admin/subscribers/{id}); then the jar is
killed. An import answered 200 must leave its readers; an erasure answered 204 must leave no trace of the address in
the API; a send hour answered 200 must be the reader's after the restart. A change in flight at the kill may or may
not have happened; it is not counted either way. Prints a line a round, and at the end how many acknowledged changes were lost.

    python3 web/src/test/python/jar_mixed_kills.py --jar web/target/dispatch.jar [--rounds 8] [--shred 20s]

Uses port 18096 and a temporary directory (kept with --keep DIR); changes nothing else.
"""
import argparse
import base64
import json
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

PASSWORD = "mixed-kills-password"
AUTH = "Basic " + base64.b64encode(("admin:" + PASSWORD).encode()).decode()
PORT = 18096


def call(method, path, body=None, content_type=None, timeout=30):
    headers = {"Authorization": AUTH}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request("http://127.0.0.1:%d%s" % (PORT, path), method=method, data=body,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def start(jar, folder, shred, round_number):
    log = open(os.path.join(folder, "log%d.txt" % round_number), "w")
    app = subprocess.Popen(["java", "-Xmx384m", "-jar", jar, "--server.port=%d" % PORT,
                            "--dispatch.data-dir=" + os.path.join(folder, "data"), "--dispatch.sandbox.port=0",
                            "--dispatch.erasure.shred-after=" + shred, "--dispatch.demo=false"],
                           env=dict(os.environ, DISPATCH_ADMIN_PASSWORD=PASSWORD), stdout=log,
                           stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            if call("GET", "/actuator/health", timeout=2)[0] == 200:
                return app
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the jar did not start; see " + log.name)


class Ledger:
    """What the jar acknowledged, and what was in flight when it was killed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.present, self.erased, self.erasing = set(), set(), set()
        self.hours, self.rescheduling = {}, set()
        self.files = 0

    def next_file(self):
        with self.lock:
            self.files += 1
            return self.files * 100


def importer(ledger, stop):
    while not stop.is_set():
        first = ledger.next_file()
        emails = ["r%d@example.com" % (first + i) for i in range(random.choice([1, 1, 1, 5, 50]))]
        body = "email,tags,frequency\n" + "".join("%s,Aviation,DAILY\n" % email for email in emails)
        try:
            status, _ = call("POST", "/api/admin/subscribers/import?status=ACTIVE", body.encode(), "text/csv")
        except OSError:
            continue
        if status == 200:
            with ledger.lock:
                ledger.present.update(emails)
        stop.wait(random.random() * 0.3)


def reader_id(email):
    status, body = call("GET", "/api/admin/subscribers?q=" + email)
    items = json.loads(body)["items"] if status == 200 else []
    return items[0]["id"] if items else None


def eraser(ledger, stop):
    while not stop.is_set():
        with ledger.lock:
            victim = random.choice(sorted(ledger.present)) if len(ledger.present) >= 20 else None
        if victim is None:
            stop.wait(0.2)
            continue
        try:
            victim_id = reader_id(victim)
            if victim_id is None:
                continue
            with ledger.lock:
                ledger.erasing.add(victim)
            status, _ = call("DELETE", "/api/admin/subscribers/%d" % victim_id)
        except OSError:
            continue
        if status == 204:
            with ledger.lock:
                ledger.present.discard(victim)
                ledger.erasing.discard(victim)
                ledger.erased.add(victim)
        stop.wait(random.random() * 1.5)


def rescheduler(ledger, stop):
    while not stop.is_set():
        with ledger.lock:
            reader = random.choice(sorted(ledger.present - ledger.erasing)) if len(ledger.present) >= 20 else None
        if reader is None:
            stop.wait(0.2)
            continue
        hour = random.randrange(24)
        try:
            reader_number = reader_id(reader)
            if reader_number is None:
                continue
            with ledger.lock:
                ledger.rescheduling.add(reader)
            status, _ = call("PATCH", "/api/admin/subscribers/%d" % reader_number,
                             json.dumps({"sendHour": hour}).encode(), "application/json")
        except OSError:
            continue
        if status == 200:
            with ledger.lock:
                ledger.hours[reader] = hour
                ledger.rescheduling.discard(reader)
        stop.wait(random.random() * 0.5)


def newsroom(stop):
    while not stop.is_set():
        try:
            call("POST", "/api/articles", json.dumps({"title": "Story %f" % time.time(), "tags": ["#Aviation"]})
                 .encode(), "application/json")
            call("POST", "/api/admin/digests/run", b'{"frequency":"DAILY"}', "application/json")
        except OSError:
            pass
        stop.wait(random.random() * 15)


def check(ledger):
    """Erasures answered 204 whose reader is back; imports answered 200 whose reader is missing; send hours answered
    200 that the reader no longer has."""
    back = [email for email in sorted(ledger.erased)
            if json.loads(call("GET", "/api/admin/subscribers?q=" + email)[1])["total"] != 0]
    status, export = call("GET", "/api/admin/subscribers/export", timeout=120)
    lines = export.splitlines()
    hour_column = lines[0].split(",").index("sendHour")
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    have = set(rows)
    for reader in ledger.rescheduling:
        ledger.hours.pop(reader, None)
    ledger.rescheduling = set()
    moved = sorted(reader for reader, hour in ledger.hours.items()
                   if reader in rows and rows[reader][hour_column] != str(hour))
    for reader in moved:
        del ledger.hours[reader]
    missing = sorted(ledger.present - have - ledger.erasing)
    ledger.present -= ledger.erasing - have
    ledger.present -= set(missing)
    ledger.erased -= set(back)
    ledger.erasing = set()
    return back, missing, moved


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", required=True)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--shred", default="20s")
    parser.add_argument("--keep")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="mixed-kills-")
    os.makedirs(folder, exist_ok=True)
    ledger, lost = Ledger(), 0
    for round_number in range(args.rounds + 1):
        app = start(os.path.abspath(args.jar), folder, args.shred, round_number)
        back, missing, moved = check(ledger)
        lost += len(back) + len(missing) + len(moved)
        print("round %d: %d readers imported and kept, %d erased, %d send hours changed; after the last kill %d "
              "erasures undone %s, %d imported readers missing %s, %d send hours undone %s"
              % (round_number, len(ledger.present), len(ledger.erased), len(ledger.hours), len(back), back[:3],
                 len(missing), missing[:3], len(moved), moved[:3]), flush=True)
        if round_number == args.rounds:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=120)
            break
        stop = threading.Event()
        workers = [threading.Thread(target=work, args=(ledger, stop))
                   for work in (importer, importer, eraser, eraser, rescheduler)]
        workers.append(threading.Thread(target=newsroom, args=(stop,)))
        for worker in workers:
            worker.start()
        time.sleep(random.uniform(15, 120))
        os.kill(app.pid, signal.SIGKILL)
        app.wait()
        stop.set()
        for worker in workers:
            worker.join()
    print("kills: %d; acknowledged changes lost: %d; logs in %s" % (args.rounds, lost, folder))


if __name__ == "__main__":
    main()
