#!/usr/bin/env python3
"""An erased reader's address searched for in the packaged jar's data directory, after an ordinary morning.

For each run: smtp-sink on loopback and the packaged jar on a fresh H2 data directory (with
dispatch.erasure.shred-after=2s), READERS active readers imported, a story published on each of their tags, a run of
digests asked for (POST /api/admin/digests/run) while the admin watches the dashboard's progress (GET /admin/progress,
signed in through the login form, every half second) until smtp-sink has every digest; then one reader is erased
(reader12345, DELETE /api/admin/subscribers/{id}) and, 12 s later, every file of the data directory is searched for the address.
Prints each run's outcome and how many runs left the address somewhere.

    python3 web/src/test/python/jar_erasure.py [--readers 20000] [--runs 4] [--keep DIR]

--keep copies a file still holding the address into DIR. Changes nothing outside its temporary directories.
"""
import argparse
import glob
import http.cookiejar
import json
import os
import re
import shutil
import time
import urllib.parse
import urllib.request

from jar_against_smtplib import TAGS, Jar, Sink, publish, wait_for



def erased(readers):
    return "reader%d@example.com" % min(12345, readers - 1)


def signed_in(jar):
    """An opener holding the admin's session from the login form, as a browser would."""
    base = "http://127.0.0.1:%d" % jar.port
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    token = re.search(r'name="_csrf" value="([^"]+)"', browser.open(base + "/login").read().decode()).group(1)
    browser.open(base + "/login", urllib.parse.urlencode(
        {"_csrf": token, "username": "admin", "password": jar.password}).encode())
    return browser


def one_run(jar_file, readers, keep):
    sink = Sink(4)
    jar = Jar(jar_file, sink.port, [], ["--dispatch.erasure.shred-after=2s"])
    try:
        browser = signed_in(jar)
        readers_csv = "email,tags,frequency\n" + "".join(
            "reader%d@example.com,%s,DAILY\n" % (n, TAGS[n % len(TAGS)]) for n in range(readers))
        jar.call("POST", "/api/admin/subscribers/import?status=ACTIVE", readers_csv.encode(), "text/csv")
        publish(jar, len(TAGS))
        queued = jar.call("POST", "/api/admin/digests/run", {"frequency": "DAILY"})["queued"]
        progress = "http://127.0.0.1:%d/admin/progress" % jar.port

        def delivered():
            watched = json.loads(browser.open(progress).read())
            return sink.count() >= queued and not watched.get("goingOut")

        wait_for(delivered, 600, "%d digests at smtp-sink" % queued)
        address = erased(readers)
        found = jar.call("GET", "/api/admin/subscribers?q=" + urllib.parse.quote(address))
        jar.call("DELETE", "/api/admin/subscribers/%d" % found["items"][0]["id"])
        time.sleep(12)
        holding = [path for path in glob.glob(jar.data + "/**", recursive=True)
                   if os.path.isfile(path) and address.encode() in open(path, "rb").read()]
        if keep:
            for path in holding:
                shutil.copy(path, os.path.join(keep, "%d-%s" % (time.time_ns(), os.path.basename(path))))
        with open(os.path.join(jar.data, "app.log")) as log:
            errors = sum(" ERROR " in line for line in log)
        return queued, sink.count(), [os.path.relpath(path, jar.data) for path in holding], errors
    finally:
        jar.stop()
        sink.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="web/target/dispatch.jar")
    parser.add_argument("--readers", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--keep", help="a directory to copy files still holding the address into")
    args = parser.parse_args()
    left = 0
    for run in range(1, args.runs + 1):
        queued, delivered, holding, errors = one_run(args.jar, args.readers, args.keep)
        left += bool(holding)
        print("run %d: %d digests queued, %d at smtp-sink, %s erased; files holding the address: %s; %d ERROR lines"
              % (run, queued, delivered, erased(args.readers), holding or "none", errors), flush=True)
    print("the erased address stayed in the data directory in %d run(s) of %d" % (left, args.runs))


if __name__ == "__main__":
    main()
