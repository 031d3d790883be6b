#!/usr/bin/env python3
"""The calendar of the real plan, read by an independent parser (Python's standard library only).

Checks `dondoc report --format ics` against RFC 5545 as a calendar program reads it: CRLF line
ends, content lines of at most 75 octets folded with a leading space, BEGIN/END nesting, the
required properties of every VEVENT (UID, DTSTAMP, DTSTART), unique UIDs, all-day dates, and one
event per deadline: every task with a deadline and every report occurrence that
`dondoc status --format json` lists, on the same day — for the whole plan and for one agency.

usage: report_ics_check.py DONDOC SOURCE_DIR
"""

import json
import os
import subprocess
import sys


def run(args):
    r = subprocess.run(args, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    return r.stdout


def parse(data):
    """Physical lines → unfolded content lines → a list of components (dicts of name → [(params, value)])."""
    assert data.endswith(b"\r\n"), "the file does not end with CRLF"
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, f"a bare line break in {line[:40]!r}"
        assert len(line) <= 75, f"a line of {len(line)} octets: {line[:40]!r}"
        line.decode("utf-8")  # folding never splits a character
    lines = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, events, calendar = [], [], None
    for raw in lines:
        text = raw.decode("utf-8")
        name_params, _, value = text.partition(":")
        name, *params = name_params.split(";")
        if name == "BEGIN":
            stack.append((value, {}))
            continue
        if name == "END":
            kind, props = stack.pop()
            assert kind == value, f"END:{value} closes BEGIN:{kind}"
            if kind == "VEVENT":
                events.append(props)
            elif kind == "VCALENDAR":
                calendar = props
            continue
        assert stack, f"a property outside any component: {text[:40]}"
        stack[-1][1].setdefault(name, []).append((params, value))
    assert not stack and calendar is not None, "unbalanced BEGIN/END"
    for prop in ("VERSION", "PRODID"):
        assert prop in calendar, f"VCALENDAR without {prop}"
    return events


def check(dondoc, plan, extra, agency=None):
    args = [dondoc, "report", plan, "--at", "31/12/2023", *extra]
    if agency:
        args += ["--agency", agency]
    data = run(args + ["--format", "ics"])
    assert data == run(args + ["--format", "ics"]), "two runs differ"
    events = parse(data)
    status = json.loads(run([dondoc, "status", plan, "--at", "31/12/2023", *extra, "--format", "json"]))

    want = {}
    for t in status["tasks"]:
        if t["due"] and (agency is None or agency in t["lead"]):
            want[f"task-{t['id']}@{status['plan']}.dondoc"] = t["due"]
    for o in status["occurrences"]:
        if agency is None or o["agency"] == agency:
            key = f"report-{o['duty']}-{o['year']}-{o.get('period', 0)}-{o['agency']}@{status['plan']}.dondoc"
            want[key] = o["due"]

    got = {}
    for e in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert len(e.get(prop, [])) == 1, f"an event with {len(e.get(prop, []))} {prop}"
        uid = e["UID"][0][1]
        assert uid not in got, f"UID {uid} twice"
        params, start = e["DTSTART"][0]
        assert params == ["VALUE=DATE"] and len(start) == 8, f"{uid}: not an all-day event"
        assert e["DTSTAMP"][0][1] == "20231231T000000Z", f"{uid}: DTSTAMP is not the report date"
        got[uid] = f"{start[:4]}-{start[4:6]}-{start[6:]}"
    assert got == want, f"{len(got)} events for {len(want)} deadlines; differing: " + str(
        sorted(set(got.items()) ^ set(want.items()))[:6])
    return len(events)


def main():
    dondoc, source = sys.argv[1:3]
    plan = os.path.join(source, "rules", "thanh-hoa-557")
    journals = []
    for name in ("ii3-dung-han.journal", "bao-cao-2023.journal"):
        journals += ["--journal", os.path.join(plan, "nhat-ky", name)]
    n = check(dondoc, plan, journals)
    m = check(dondoc, plan, journals, agency="SXD")
    print(f"ok: {n} events for the plan, {m} for SXD; one per deadline, UIDs unique, lines folded")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
