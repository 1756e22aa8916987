#!/usr/bin/env python3
"""The packaged jar's delivery, measured from outside against a minimal Python smtplib client.

Starts Postfix's smtp-sink on loopback and the packaged jar on a fresh H2 data directory pointed at it, imports
READERS active readers and publishes a few stories on their tags through the HTTP API, then asks for a run of
digests (POST /api/admin/digests/run) and times it until smtp-sink has every digest. Then a Python client with
CONNECTIONS smtplib connections, each kept open, sends the same number of copies of one of those digests to the same
sink, and the script prints the jar's rate as a share of the client's. The sink writes each message to a file (in
/dev/shm) for both, which is how the jar's arrivals are counted without asking the jar.

    python3 web/src/test/python/jar_against_smtplib.py [--readers 20000] [--connections 4] [--runs 2] [--jvm=-X…]
        [--dkim]

Each run after the first publishes a story on each tag, so the next manual run queues a digest for every reader
again; the first run is the jar's cold start, the last is the one to quote. Prints figures; changes nothing outside its temporary directories.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

SINK = "/usr/sbin/smtp-sink"
TAGS = ["ukraine", "aviation", "usmigration", "climate", "markets", "science", "football", "elections"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(stat_file):
    """A process's or thread's name and the seconds of CPU it has used, from its /proc stat file."""
    with open(stat_file) as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()
    return stat[stat.index("(") + 1:stat.rindex(")")], (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sink:
    """smtp-sink writing each message it accepts to a file of its own in a directory."""

    def __init__(self, connections):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="sink-", dir="/dev/shm")
        os.chmod(self.dir, 0o777)
        command = [SINK, "-d", os.path.join(self.dir, "%H%M%S.")]
        if os.geteuid() == 0:
            command += ["-u", "nobody"]
        command += ["-m", str(max(64, connections * 4)), "127.0.0.1:%d" % self.port, "256"]
        self.process = subprocess.Popen(command)
        wait_for(lambda: connectable(self.port), 10, "smtp-sink on port %d" % self.port)

    def count(self):
        return len(os.listdir(self.dir))

    def one(self):
        """The message of one file, without what smtp-sink adds at its top: X-Client-Addr and the like, Received."""
        name = sorted(os.listdir(self.dir))[0]
        with open(os.path.join(self.dir, name), "rb") as f:
            lines = [line.rstrip(b"\r") for line in f.read().split(b"\n")]
        received = next((i for i, line in enumerate(lines[:12]) if line.startswith(b"Received:")), None)
        if received is not None:
            del lines[:received + 1]
            while lines and lines[0].startswith((b"\t", b" ")):
                lines.pop(0)
        return b"\r\n".join(lines)

    def cpu(self):
        """Seconds of CPU smtp-sink has used: it is the other side of every measurement, on the same cores."""
        return cpu_seconds("/proc/%d/stat" % self.process.pid)[1]

    def empty(self):
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))

    def stop(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def connectable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit("gave up waiting for " + what)


class Jar:
    def __init__(self, jar, sink_port, jvm, settings):
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="dispatch-jar-")
        self.password = "measure-" + base64.b32encode(os.urandom(10)).decode().lower()
        self.log = open(os.path.join(self.data, "app.log"), "w")
        self.process = subprocess.Popen(
            ["java"] + jvm + ["-jar", jar, "--server.port=%d" % self.port, "--dispatch.data-dir=" + self.data,
             "--dispatch.demo=false", "--dispatch.admin.password=" + self.password,
             "--dispatch.mail.from=Dispatch <news@press.example>", "--dispatch.base-url=https://news.example",
             "--spring.mail.host=127.0.0.1", "--spring.mail.port=%d" % sink_port,
             # The H2 file is packed once the delivery is over, while the smtplib client sends: not on its cores.
             "--dispatch.h2.pack-when-quiet=false"] + settings,
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(self.up, 180, "the jar to start (log: %s)" % self.log.name)

    def up(self):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/actuator/health" % self.port, timeout=2) as answer:
                return b'"UP"' in answer.read()
        except OSError:
            return False

    def call(self, method, path, body=None, content_type="application/json"):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method)
        request.add_header("Authorization", "Basic " + base64.b64encode(("admin:" + self.password).encode()).decode())
        if data is not None:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, timeout=600) as answer:
            return json.loads(answer.read() or b"null")

    def cpu(self):
        """Seconds of CPU the jar has used: in all, in its JIT compilers' threads, in its garbage collector's."""
        totals = {"all": cpu_seconds("/proc/%d/stat" % self.process.pid)[1], "compilers": 0, "collector": 0}
        tasks = "/proc/%d/task" % self.process.pid
        for task in os.listdir(tasks):
            try:
                name, used = cpu_seconds(os.path.join(tasks, task, "stat"))
            except OSError:  # a thread that ended meanwhile
                continue
            if name.startswith(("C1 Compiler", "C2 Compiler")):
                totals["compilers"] += used
            elif name.startswith(("GC Thread", "G1 ")):
                totals["collector"] += used
        return totals

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


def publish(jar, n):
    for i in range(n):
        jar.call("POST", "/api/articles", {
            "title": "Story %d: %s" % (i, time.strftime("%H:%M:%S")),
            "summary": "What happened, in two sentences of a realistic length for a digest's summary line. " * 2,
            "author": "Desk", "tags": [TAGS[i % len(TAGS)], TAGS[(i + 3) % len(TAGS)]]})


def smtplib_client(message, count, connections, port):
    """Sends count copies of message over connections kept-open smtplib connections; returns the seconds taken."""
    import smtplib
    shares = [count // connections + (1 if i < count % connections else 0) for i in range(connections)]
    errors = []

    def send(share, worker):
        try:
            with smtplib.SMTP("127.0.0.1", port) as client:
                client.ehlo("bench.example")
                for i in range(share):
                    client.sendmail("bounces@press.example", ["r%d.%d@example.com" % (worker, i)], message)
        except Exception as e:  # a failed client must not pass for a fast one
            errors.append(e)

    threads = [threading.Thread(target=send, args=(share, worker)) for worker, share in enumerate(shares)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit("smtplib client failed: %r" % errors[0])
    return time.monotonic() - started


def watch_first(sink, first, timeout=60):
    """Notes when the sink holds its first message, looking every 5 ms for at most the timeout."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if sink.count() > 0:
            first.append(time.monotonic())
            return
        time.sleep(0.005)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="web/target/dispatch.jar")
    parser.add_argument("--readers", type=int, default=20000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--jvm", action="append", default=[], help="a JVM option for the jar, e.g. to record JFR")
    parser.add_argument("--dkim", action="store_true",
                        help="the jar signs every digest (rsa-sha256); smtplib then sends a signed one")
    args = parser.parse_args()
    if not os.path.exists(SINK):
        raise SystemExit("needs Postfix's smtp-sink: apt-get install postfix")
    sink = Sink(args.connections)
    jar = Jar(args.jar, sink.port, args.jvm, ["--dispatch.mail.dkim.enabled=true"] if args.dkim else [])
    try:
        csv = "email,tags,frequency\n" + "".join(
            "reader%d@example.com,%s;%s,DAILY\n" % (i, TAGS[i % len(TAGS)], TAGS[(i // 8) % len(TAGS)])
            for i in range(args.readers))
        imported = jar.call("POST", "/api/admin/subscribers/import?status=ACTIVE", csv.encode(), "text/csv")
        print("imported %d readers (%d rejected); load average %.2f"
              % (imported["imported"], len(imported["rejected"]), os.getloadavg()[0]))
        results = []
        for run in range(args.runs):
            publish(jar, 12 if run == 0 else len(TAGS))
            sink.empty()
            cpu_before = jar.cpu()
            sink_before = sink.cpu()
            started = time.monotonic()
            # The first digest may be accepted while the run is still queueing the rest: watched from the call on.
            first = []
            watcher = threading.Thread(target=watch_first, args=(sink, first), daemon=True)
            watcher.start()
            queued = jar.call("POST", "/api/admin/digests/run", {"frequency": "DAILY"})["queued"]
            queued_at = time.monotonic()
            watcher.join(60)
            first = first[0] if first else None
            # Listing a directory of thousands of files costs CPU the jar would miss: a look every quarter second,
            # then the last stretch at a finer grain.
            while sink.count() < queued * 0.98:
                time.sleep(0.25)
            while sink.count() < queued:
                time.sleep(0.01)
            ended = time.monotonic()
            cpu = {part: seconds - cpu_before[part] for part, seconds in jar.cpu().items()}
            sink_under_jar = sink.cpu() - sink_before
            message = sink.one()
            if args.dkim and not message.startswith(b"DKIM-Signature:"):
                raise SystemExit("--dkim, but the jar's digest is not signed: %r" % message[:200])
            sink.empty()
            sink_before = sink.cpu()
            python = smtplib_client(message, queued, args.connections, sink.port)
            sink_under_python = sink.cpu() - sink_before
            whole = queued / (ended - started)
            delivery = queued / (ended - (first or queued_at))
            client = queued / python
            results.append((whole, delivery, client))
            print("run %d: %d digests of %d bytes; jar %.1f s from the API call to the last accepted (%.0f msg/s; "
                  "queued in %.1f s, the first accepted at %.1f s; %.0f msg/s from it); smtplib, %d connections: "
                  "%.1f s (%.0f msg/s); jar/smtplib %.0f%% end to end, %.0f%% delivery; the jar's CPU %.1f s, of "
                  "which its JIT compilers %.1f s and its collector %.1f s; smtp-sink's CPU %.1f s under the jar, "
                  "%.1f s under smtplib; load average %.2f"
                  % (run + 1, queued, len(message), ended - started, whole, queued_at - started,
                     (first or queued_at) - started, delivery,
                     args.connections, python, client, 100 * whole / client, 100 * delivery / client,
                     cpu["all"], cpu["compilers"], cpu["collector"], sink_under_jar, sink_under_python,
                     os.getloadavg()[0]))
        last = results[-1]
        print("last run: the jar at %.0f%% of smtplib end to end, %.0f%% from the first accepted (target >= 60%%)"
              % (100 * last[0] / last[2], 100 * last[1] / last[2]))
    finally:
        jar.stop()
        sink.stop()


if __name__ == "__main__":
    main()
