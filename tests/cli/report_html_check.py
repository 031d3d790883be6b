#!/usr/bin/env python3
"""The HTML report of the real plan in headless Chromium (Debian `chromium`).

Renders `dondoc report --format html` to a PNG, in Vietnamese and in English (`--lang en`), and fails on any console message (a script or
resource error), on a page that asks the network for anything, and unless the page, as Chromium
built it, has one timeline bar per task (the task count is taken from `dondoc status --format json`).

usage: report_html_check.py DONDOC SOURCE_DIR WORK_DIR
The PNGs are left in WORK_DIR/report.png and WORK_DIR/report.en.png for people to look at.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


def main():
    dondoc, source, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    plan = os.path.join(source, "rules", "thanh-hoa-557")
    journals = []
    for name in ("ii3-dung-han.journal", "bao-cao-2023.journal", "chi-tieu-va-dieu-chinh.journal"):
        journals += ["--journal", os.path.join(plan, "nhat-ky", name)]
    at = ["--at", "31/12/2023"]

    status = run([dondoc, "status", plan, *at, *journals, "--format", "json"])
    assert status.returncode == 0, status.stderr
    tasks = [t["id"] for t in json.loads(status.stdout)["tasks"]]

    for lang in ("vi", "en"):
        bars, png = check_page(dondoc, plan, at, journals, tasks, work, lang)
        print(f"ok ({lang}): {len(bars)} timeline bars, one per task; no console message; {png}")


def check_page(dondoc, plan, at, journals, tasks, work, lang):
    """One language's page: self-contained, no console message, one bar per task, lang attribute."""
    suffix = "" if lang == "vi" else f".{lang}"
    html = os.path.join(work, f"report{suffix}.html")
    r = run([dondoc, "--lang", lang, "report", plan, *at, *journals, "--format", "html", "-o", html])
    assert r.returncode == 0, r.stderr
    page = open(html, encoding="utf-8").read()
    assert f'<html lang="{lang}">' in page, f"the page does not say it is in {lang}"
    # Self-contained: nothing to fetch (the SVG namespace URIs are names, not requests).
    fetches = re.findall(r'(?:src|href)\s*=\s*"[^"#]', page) + re.findall(r"@import|url\(", page)
    assert not fetches, f"the page fetches something: {fetches[:5]}"

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed (scripts/install-deps installs it)"
    profile = tempfile.mkdtemp(prefix="dondoc-chromium-")
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
    ]
    url = "file://" + os.path.abspath(html)
    try:
        png = os.path.join(work, f"report{suffix}.png")
        shot = run([chromium, *flags, "--window-size=1400,2600", f"--screenshot={png}", url])
        assert shot.returncode == 0, shot.stderr
        assert os.path.getsize(png) > 10000, "the screenshot is (nearly) empty"
        console = [line for line in shot.stderr.splitlines() if ":CONSOLE(" in line or "Uncaught" in line]
        assert not console, "console messages:\n" + "\n".join(console)

        dom = run([chromium, *flags, "--dump-dom", url])
        assert dom.returncode == 0, dom.stderr
        bars = re.findall(r'<rect class="bar" data-task="([^"]*)"', dom.stdout)
        assert sorted(bars) == sorted(tasks), f"{len(bars)} timeline bars for {len(tasks)} tasks"
        assert dom.stdout.count('class="report-date"') == 1, "no report date line"
        assert "<svg" in dom.stdout[dom.stdout.find('id="graph"'):], "no dependency graph"
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return bars, png


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
