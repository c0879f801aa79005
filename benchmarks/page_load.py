"""Pages as a browser loads them: every page each demo login reaches, in Chromium.

``python -m benchmarks page_load [--data-dir DIR] [--port N] [--pages 60] [--markdown FILE]``

Uses the demo workspace in ``--data-dir`` (built with ``kampanye demo --no-serve`` when it has
none), serves it with ``kampanye serve`` (waitress, static files collected and compressed, as
a team runs it), and logs in as each demo login in its own browser profile. From the home
page it follows the links of the page (same site, GET, breadth first; no logout, downloads
or API) up to ``--pages`` pages per login, and visits each once, as a user clicking through
would: the browser's cache warms as it goes, as it does for a team that opens the app every
morning. Per visit it reads the Navigation Timing of the page (*load*: from the request to
the end of the load event, so scripts and styles included; *ready*: until the network is
idle, so the panels HTMX loads after the page too) and the bytes the network carried
(``transferSize`` of the page and everything it loaded, compressed as sent). Prints p50 and
p95 per login and in all, the slowest pages, and the machine's load average.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

LOGINS = ["manajer", "koordinator-jaktim", "relawan", "media", "digital", "peneliti"]
PASSWORD = "jakarta-baru-2012"
SKIP = ("/keluar", "/logout", "/api/", "/admin/", "/unduh", "/ekspor", "export", ".csv", ".xlsx")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def _kampanye(data_dir: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "KAMPANYE_DATA_DIR": str(data_dir)}
    return subprocess.Popen([sys.executable, "-m", "kampanye", *args], env=env, **kwargs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit(f"kampanye serve did not answer on port {port}")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _visit(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    load = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }"
    )
    # a page that keeps polling never idles: its ready is then the 10 s cap
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    ready, sent = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " const r = performance.getEntriesByType('resource');"
        " const end = Math.max(n.loadEventEnd, ...r.map(e => e.responseEnd));"
        " return [end - n.startTime, n.transferSize + r.reduce((s, e) => s + e.transferSize, 0)]; }"
    )
    links = page.eval_on_selector_all(
        "a[href]", "as => as.filter(a => !a.hasAttribute('download')).map(a => a.href)"
    )
    return {"url": url, "load": load, "ready": ready, "bytes": sent, "links": links}


def _crawl(browser, base: str, login: str, limit: int) -> list[dict]:
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    page.goto(urljoin(base, "/masuk/"))
    page.fill("#id_username", login)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    if "/masuk/" in page.url:
        raise SystemExit(f"{login} could not log in (is {base} the demo workspace?)")
    seen: set[str] = set()
    queue = deque([urljoin(base, "/")])
    out: list[dict] = []
    host = urlparse(base).netloc
    while queue and len(out) < limit:
        url = queue.popleft().split("#")[0]
        parsed = urlparse(url)
        if url in seen or parsed.netloc != host or any(s in url for s in SKIP):
            continue
        seen.add(url)
        visit = _visit(page, url)
        visit["login"] = login
        out.append(visit)
        queue.extend(visit.pop("links"))
    context.close()
    return out


def _summary(rows: list[dict]) -> str:
    lines = [
        "| login | pages | load p50 | load p95 | ready p50 | ready p95 | KB p50 | KB max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for login in [*LOGINS, None]:
        mine = [r for r in rows if login is None or r["login"] == login]
        if not mine:
            continue
        load = [r["load"] for r in mine]
        ready = [r["ready"] for r in mine]
        kb = [r["bytes"] / 1000 for r in mine]
        lines.append(
            f"| {login or '**all**'} | {len(mine)} | {_percentile(load, 0.5):.0f} ms"
            f" | {_percentile(load, 0.95):.0f} ms | {_percentile(ready, 0.5):.0f} ms"
            f" | {_percentile(ready, 0.95):.0f} ms | {statistics.median(kb):.0f}"
            f" | {max(kb):.0f} |"
        )
    return "\n".join(lines)


def _path(url: str) -> str:
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks page_load")
    parser.add_argument("--data-dir", type=Path, help="a demo workspace (built when empty)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--pages", type=int, default=60, help="pages per login at most")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kampanye-pages-"))
    if not (data_dir / "kampanye.sqlite3").exists() and not any(data_dir.glob("*.sqlite3")):
        print(f"building the demo workspace in {data_dir} …", flush=True)
        if _kampanye(data_dir, "demo", "--no-serve", stdout=subprocess.DEVNULL).wait():
            raise SystemExit("kampanye demo failed")
    port = args.port or _free_port()
    server = _kampanye(data_dir, "serve", "--port", str(port), stdout=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server)
        from playwright.sync_api import sync_playwright

        rows: list[dict] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for login in LOGINS:
                rows += _crawl(browser, f"http://127.0.0.1:{port}", login, args.pages)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    slowest = sorted(rows, key=lambda r: -r["ready"])[:10]
    report = "\n".join(
        [
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {platform.node()} · "
            f"{os.cpu_count()} CPU · load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            "",
            _summary(rows),
            "",
            "Slowest pages (ready):",
            "",
            *(
                f"- {r['login']} {_path(r['url'])}: load {r['load']:.0f} ms,"
                f" ready {r['ready']:.0f} ms, {r['bytes'] / 1000:.0f} KB"
                for r in slowest
            ),
        ]
    )
    print(report)
    if args.markdown:
        args.markdown.write_text(report + "\n")
    return 0
