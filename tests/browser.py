"""Serve the built book on localhost and drive headless Chromium over it.

Used by tests/test_browser.py, and on its own to take screenshots of key pages:

    python -m tests.browser _build/html _build/screenshots      (or: make screenshots)

or to check, after Chromium, the theme or MathJax changes, that a page shown on the phone's screen
after loading on the desktop's (what the tests do) is laid out as one loaded on the phone:

    python -m tests.browser --phone-layout _build/html

Chromium and its driver come from Debian (`apt-get install chromium chromium-driver`), which
`make test` installs when it runs as root; nothing is downloaded at run time.
"""
from __future__ import annotations

import contextlib
import functools
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
INSTALL_HINT = ("headless Chromium is not installed: run `make test` as root, or "
                "`sudo apt-get install chromium chromium-driver fonts-noto-cjk`")


class Screen(NamedTuple):
    """What Chromium emulates (``show_as``): the viewport in CSS pixels, and whether it is a phone's
    (touch, and the page's ``<meta name="viewport">`` applied)."""
    width: int
    height: int
    mobile: bool


DESKTOP = Screen(1280, 900, mobile=False)
PHONE = Screen(390, 844, mobile=True)  # a common phone
# Device pixels per CSS pixel, a phone's, on both screens. MathJax sizes its formulas from the text
# around them as drawn at load time, and the sharper text of a 3x screen measures differently: with
# the same ratio, a page loaded on the desktop screen and then shown on the phone's is laid out
# exactly as one loaded on the phone (every element's box, compared on every page of both editions).
PIXEL_RATIO = 3.0
# Pages a reader meets first, or that show what the book does best.
KEY_PAGES = ["book/intro", "book/ch02/concept-map", "book/ch02/multi-head", "book/ch03/scaling-and-softmax",
             "book/ch04/softmax-jacobian", "book/ch06/translation", "notebooks/ch03/ch03-attention-algorithm",
             "search.html?q=multi-head"]


def browser_available() -> bool:
    return bool(CHROMIUM and CHROMEDRIVER)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the tests report failures; request logs are noise
        pass


class _BookServer(ThreadingHTTPServer):
    # Chromium opens several connections per page at once; with the default backlog of 5, a busy
    # machine refuses some of them and the browser shows its own error page instead of the book's.
    request_queue_size = 128
    daemon_threads = True


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free localhost port; yields the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _BookServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    """A headless Chromium driven by Selenium, its console log readable with get_log("browser"); it
    shows pages on the DESKTOP screen until ``show_as`` says otherwise."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # No network but localhost: without these flags Chromium keeps calling Google's services.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars",
                 # Pages are visited one after another, never gone back to: keeping each one alive in
                 # the back-forward cache cost about 15% more CPU (measured on 30 pages).
                 "--disable-features=BackForwardCache",
                 f"--window-size={DESKTOP.width},{DESKTOP.height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        try:
            driver.set_page_load_timeout(60)
            show_as(driver, DESKTOP)
            yield driver
        finally:
            driver.quit()


def show_as(driver, screen: Screen, pixel_ratio: float = PIXEL_RATIO) -> None:
    """Emulate ``screen`` (DevTools' device emulation, what chromedriver's mobileEmulation uses): for
    the page shown, which is laid out again without reloading, and for the pages loaded after."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": screen.width, "height": screen.height, "deviceScaleFactor": pixel_ratio, "mobile": screen.mobile})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": screen.mobile, "maxTouchPoints": 1})
    # Read the page once it has been drawn on the new screen: two frames later.
    driver.set_script_timeout(20)
    driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                "requestAnimationFrame(() => requestAnimationFrame(() => done()));")


def wait_for_math(driver, timeout: float = 20.0) -> None:
    """Wait until MathJax has typeset the page; a page without math returns at once."""
    driver.set_script_timeout(timeout)
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1], start = Date.now();
        if (!document.querySelector('.math')) return done();
        (function poll() {
          if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(done, done);
          else if (Date.now() - start > 15000) done();
          else setTimeout(poll, 50);
        })();""")


def open_page(driver, url: str, tries: int = 3) -> None:
    """Load ``url``; if Chromium shows its own error page (a connection refused or reset on a busy
    machine), load it again. Raises if the book's page never arrives."""
    for _ in range(tries):
        driver.get(url)
        if driver.execute_script("return location.protocol.startsWith('http') && !!document.querySelector('main, article')"):
            return
    raise AssertionError(f"{url} did not load: the browser shows {driver.current_url}: "
                         f"{driver.execute_script('return document.body && document.body.innerText')!r:.300}")


def page_url(base: str, page: str) -> str:
    return f"{base}/{page}" if "." in page.rsplit("/", 1)[-1] else f"{base}/{page}.html"


def take_screenshots(html: Path, out: Path, pages=KEY_PAGES) -> list[Path]:
    """Screenshots of ``pages`` at desktop and phone sizes, at the top and at the first figure;
    returns the PNG paths."""
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with serve(html) as base, chromium() as driver:
        for label, screen in (("desktop", DESKTOP), ("phone", PHONE)):
            show_as(driver, screen, PIXEL_RATIO if screen.mobile else 1.0)  # a desktop screenshot at 1x: small
            for page in pages:
                open_page(driver, page_url(base, page))
                wait_for_math(driver)
                if page.startswith("search.html"):
                    from selenium.webdriver.support.ui import WebDriverWait
                    WebDriverWait(driver, 20).until(
                        lambda d: d.execute_script("return document.querySelectorAll('#search-results li').length"))
                name = page.split("?")[0].replace("/", "-").removesuffix(".html")
                shots.append(out / f"{name}-{label}.png")
                driver.save_screenshot(str(shots[-1]))
                # And the page's first figure, as a reader scrolls to it.
                if driver.execute_script("const img = document.querySelector('article .cell_output img');"
                                         "if (img) img.scrollIntoView(); return !!img;"):
                    shots.append(out / f"{name}-{label}-figure.png")
                    driver.save_screenshot(str(shots[-1]))
    return shots


# Every element's box in the article, in CSS pixels, and the page's own size.
PAGE_LAYOUT = """
    const page = document.documentElement;
    return [page.scrollWidth, page.clientWidth, page.scrollHeight].concat(
      [...document.querySelectorAll('article *')].map(e => {
        const box = e.getBoundingClientRect();
        return [e.tagName, Math.round(box.left), Math.round(box.right), Math.round(box.height)]; }));"""


def phone_layouts_that_differ(html: Path, pages: list[str]) -> list[str]:
    """The ``pages`` laid out differently on the phone's screen when loaded there and when loaded on
    the desktop's screen, then shown on the phone's (PAGE_LAYOUT compared)."""
    differ = []
    with serve(html) as base, chromium() as driver:
        for page in pages:
            layouts = []
            for first in (PHONE, DESKTOP):
                show_as(driver, first)
                open_page(driver, page_url(base, page))
                wait_for_math(driver)
                show_as(driver, PHONE)
                layouts.append(driver.execute_script(PAGE_LAYOUT))
            if layouts[0] != layouts[1]:
                differ.append(page)
    return differ


def main(argv: list[str]) -> int:
    phone_layout = argv[:1] == ["--phone-layout"]
    if len(argv) != 2:
        print("usage: python -m tests.browser HTML_DIR OUT_DIR\n"
              "       python -m tests.browser --phone-layout HTML_DIR", file=sys.stderr)
        return 2
    if not browser_available():
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    html = Path(argv[1] if phone_layout else argv[0])
    if not (html / "index.html").exists():
        print(f"{html} has no index.html: build the book first (make book)", file=sys.stderr)
        return 1
    if phone_layout:
        from tests.test_book import toc_files

        pages = [edition + page for edition in ("", "zh/") for page in toc_files()]
        differ = phone_layouts_that_differ(html, pages)
        print(f"{len(pages) - len(differ)} of {len(pages)} pages laid out alike; differ: {differ}")
        return 1 if differ else 0
    for path in take_screenshots(html, Path(argv[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
