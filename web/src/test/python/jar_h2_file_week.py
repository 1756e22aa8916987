#!/usr/bin/env python3
"""The embedded H2 file of the packaged jar over a week of daily digests, measured from outside.

Starts Postfix's smtp-sink and the packaged jar on a fresh H2 data directory pointed at it, imports READERS active
readers through the HTTP API, then for each day publishes a story on each tag, asks for a run of daily digests
(POST /api/admin/digests/run), waits until smtp-sink has every digest, and leaves the jar alone for QUIET seconds, as
the hours between two mornings do. It prints the size of the database file right after each delivery and at the end
of each quiet spell, and the live data's size: the file packed by H2 itself at a shutdown (SHUTDOWN COMPACT on a copy,
opened with the jar's own H2). Changes nothing outside its temporary directories.

    python3 web/src/test/python/jar_h2_file_week.py [--jar web/target/dispatch.jar] [--readers 50000] [--days 7]
        [--quiet 90]
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time
import zipfile

from jar_against_smtplib import SINK, TAGS, Jar, Sink, publish


def file_size(jar):
    return os.path.getsize(os.path.join(jar.data, "dispatch.mv.db"))


def live_size(jar_path, data):
    """The size of a copy of the file once H2 has packed it at a shutdown, with the H2 the jar carries."""
    work = tempfile.mkdtemp(prefix="h2-live-")
    try:
        shutil.copy(os.path.join(data, "dispatch.mv.db"), os.path.join(work, "copy.mv.db"))
        with zipfile.ZipFile(jar_path) as jar:
            h2 = next(name for name in jar.namelist() if os.path.basename(name).startswith("h2-"))
            with open(os.path.join(work, "h2.jar"), "wb") as out:
                out.write(jar.read(h2))
        counted = subprocess.run(
            ["java", "-cp", os.path.join(work, "h2.jar"), "org.h2.tools.Shell", "-url",
             "jdbc:h2:file:" + os.path.join(work, "copy") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "-user", "sa",
             "-password", "", "-sql", "select count(*) as deliveries from delivery; SHUTDOWN COMPACT"],
            check=True, capture_output=True, text=True).stdout.split()
        return os.path.getsize(os.path.join(work, "copy.mv.db")), int(counted[1])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mb(size):
    return "{:,.0f} MB".format(size / 1048576)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="web/target/dispatch.jar")
    parser.add_argument("--readers", type=int, default=50000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--quiet", type=int, default=90, help="seconds between a day's delivery and the next run")
    args = parser.parse_args()
    if not os.path.exists(SINK):
        raise SystemExit("needs Postfix's smtp-sink: apt-get install postfix")
    sink = Sink(4)
    jar = Jar(args.jar, sink.port, [], [])
    try:
        imported = 0
        for first in range(0, args.readers, 10000):  # files of 10,000 lines, below the API's size limit
            csv = "email,tags,frequency\n" + "".join(
                "reader%d@example.com,%s;%s,DAILY\n" % (i, TAGS[i % len(TAGS)], TAGS[(i // 8) % len(TAGS)])
                for i in range(first, min(first + 10000, args.readers)))
            imported += jar.call("POST", "/api/admin/subscribers/import?status=ACTIVE", csv.encode(),
                                 "text/csv")["imported"]
        print("%s: imported %d readers; the file %s" % (os.path.basename(args.jar), imported, mb(file_size(jar))),
              flush=True)
        print("| day | digests | delivered in | file after the delivery | after %d s quiet |" % args.quiet)
        print("|---:|---:|---:|---:|---:|")
        for day in range(1, args.days + 1):
            publish(jar, len(TAGS))
            sink.empty()
            started = time.monotonic()
            queued = jar.call("POST", "/api/admin/digests/run", {"frequency": "DAILY"})["queued"]
            while sink.count() < queued:
                time.sleep(0.25)
            delivered = time.monotonic() - started
            sink.empty()
            after_delivery = file_size(jar)
            time.sleep(args.quiet)
            print("| {} | {:,} | {:.1f} s | {} | {} |".format(day, queued, delivered, mb(after_delivery),
                                                              mb(file_size(jar))), flush=True)
        live, deliveries = live_size(args.jar, jar.data)
        print("live data, a copy packed by H2 at a shutdown: {} ({:,} deliveries)".format(mb(live), deliveries))
        packed = [line for line in open(os.path.join(jar.data, "app.log")) if "Packed the database file" in line]
        print("the jar's log: %d lines \"Packed the database file\"%s" % (
            len(packed), (", the last: " + packed[-1].strip().split(" : ", 1)[-1]) if packed else ""))
    finally:
        jar.stop()
        sink.stop()


if __name__ == "__main__":
    main()
