"""The book as a reader sees it: every page in headless Chromium, served on localhost, offline.

The HTML is conftest.book_html (notebook pages with their FAST-mode figures). Each page must load
without console errors, have its math typeset by MathJax (served with the book), show every image
with alt text, and fit a phone's width. Lab pages link to Colab and offer the student notebook as a
download; search finds the multi-head chapter; the sidebar reaches every page of _toc.yml.
"""
import json
import re
import urllib.request
from urllib.parse import urljoin, urlparse

import nbformat
import pytest

from autograde.course import repository_url
from tests import browser
from tests.test_book import toc_files

pytestmark = pytest.mark.skipif(not browser.browser_available(), reason=browser.INSTALL_HINT)
PAGES = toc_files()
LABS = [p for p in PAGES if p.startswith("notebooks/")]


@pytest.fixture(scope="module")
def site(book_html):
    with browser.serve(book_html) as base:
        yield base


@pytest.fixture(scope="module")
def driver():
    """The one Chromium of the browser pass: every page is loaded once per edition, on the desktop
    screen, then shown on a phone's (tests/browser.py: show_as)."""
    with browser.chromium() as chromium:
        yield chromium


def on_a_phone(driver) -> dict:
    """The page shown, on the phone's screen: its width in CSS pixels, and what on it is wider (images,
    or the page itself). Leaves a blank page on the desktop's screen (laying the book's page out again
    for the desktop would cost as much CPU as the phone's layout did)."""
    browser.show_as(driver, browser.PHONE)
    try:
        return driver.execute_script("""
            const width = document.documentElement.clientWidth;
            return {width: width, too_wide: [...document.querySelectorAll('article img')]
              .filter(img => img.getBoundingClientRect().right > width + 1).map(img => img.getAttribute('src'))
              .concat(document.documentElement.scrollWidth > width + 1 ? ['the page scrolls sideways'] : [])};""")
    finally:
        driver.get("about:blank")
        browser.show_as(driver, browser.DESKTOP)


def fits_a_phone(page: str, phone: dict) -> None:
    assert phone["width"] == browser.PHONE.width, f"{page} was shown {phone['width']} px wide, not a phone's width"
    assert not phone["too_wide"], f"{page} at {browser.PHONE.width} px: {phone['too_wide']}"


def test_the_phone_check_finds_what_is_too_wide(driver):
    """The check that every page below must pass fails on a page with an image wider than a phone."""
    head = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    wide = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="600" height="10">'
    driver.get(f"data:text/html,<html><head>{head}</head><body><article>{wide}</article></body></html>")
    phone = on_a_phone(driver)
    assert phone["width"] == browser.PHONE.width and phone["too_wide"], phone
    with pytest.raises(AssertionError, match=f"at {browser.PHONE.width} px"):
        fits_a_phone("wide.html", phone)
    driver.get(f"data:text/html,<html><head>{head}</head><body><article><p>Narrow.</p></article></body></html>")
    fits_a_phone("narrow.html", on_a_phone(driver))


@pytest.fixture(scope="module")
def visited(site, driver):
    """page -> what the browser saw there: console errors, math, images; and on a phone, what is too wide."""
    seen = {}
    for page in PAGES:
        driver.get_log("browser")  # drop what earlier pages logged
        browser.open_page(driver, browser.page_url(site, page))
        browser.wait_for_math(driver)
        seen[page] = {
            "errors": [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"],
            "math": driver.execute_script("""
                const math = [...document.querySelectorAll('.math')];
                return {count: math.length,
                        typeset: math.filter(m => m.querySelector('mjx-container')).length,
                        errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent)};"""),
            "images": driver.execute_script("""
                return [...document.querySelectorAll('article img, main img')].map(img => ({
                  src: img.getAttribute('src'), alt: img.getAttribute('alt') || '',
                  loaded: img.complete && img.naturalWidth > 0}));"""),
            "other": driver.execute_script("const a = document.querySelector('a.edition-link'); return a && a.href;"),
            "sidebar": driver.execute_script(
                "return [...document.querySelectorAll('nav.bd-docs-nav a, .bd-sidebar-primary a')].map(a => a.href)"),
            "links": driver.execute_script("return [...document.querySelectorAll('a')].map(a => a.href)"),
            "phone": on_a_phone(driver),
        }
    return seen


def test_every_page_loads_without_console_errors(visited):
    errors = {page: seen["errors"] for page, seen in visited.items() if seen["errors"]}
    assert not errors, f"the browser console reported errors: {json.dumps(errors, indent=1)[:3000]}"


def test_math_is_typeset_by_mathjax(visited):
    with_math = {page: seen["math"] for page, seen in visited.items() if seen["math"]["count"]}
    assert len(with_math) >= 30, "most chapters have math"
    for page, math in with_math.items():
        assert math["typeset"] == math["count"], f"{page}: MathJax typeset {math['typeset']} of {math['count']} formulas"
        assert not math["errors"], f"{page}: TeX errors {math['errors']}"


def test_every_image_loads_and_has_alt_text(visited):
    images = [(page, image) for page, seen in visited.items() for image in seen["images"]]
    assert len(images) >= 100, "the notebook pages show their figures"
    for page, image in images:
        assert image["loaded"], f"{page}: image {image['src']} did not load"
        alt = image["alt"].strip()
        assert alt and not re.search(r"\.(png|jpe?g|svg|gif)$", alt), (
            f"{page}: image {image['src']} has no alt text (a reader with a screen reader hears {alt!r})")


@pytest.mark.parametrize("page", LABS)
def test_lab_page_launches_its_student_notebook_in_colab(page, visited):
    colab = repository_url().replace("https://github.com/", "https://colab.research.google.com/github/")
    assert f"{colab}/blob/main/{page}.ipynb" in visited[page]["links"], f"{page}: no Colab link to {page}.ipynb"


def downloaded_student_notebook(links, site, page):
    """The notebook a lab page's download button gives (``links``: the page's links, as the browser
    found them); fails unless it is the student version."""
    downloads = [link for link in links if urlparse(link).path.endswith(".ipynb") and link.startswith(site)]
    assert downloads, f"{page}: no download link for the .ipynb"
    with urllib.request.urlopen(downloads[0]) as response:
        nb = nbformat.reads(response.read().decode(), as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers and all("# YOUR CODE HERE" in c.source for c in answers), (
        f"{page}: the download is not the student version of the lab")
    return nb


@pytest.mark.parametrize("page", LABS)
def test_lab_page_offers_the_student_notebook_as_ipynb(page, site, visited):
    downloaded_student_notebook(visited[page]["links"], site, page)


def search_results(driver, url) -> list[str]:
    """The links the book's search page lists for the query in ``url``, once the search has finished.

    Sphinx's search adds its results one at a time, 5 ms apart, and writes its summary ("Search
    finished, found N page(s)", or that nothing matched) only after the last: read the list then, not
    at the first result (a loaded machine once showed 3 of them)."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.open_page(driver, url)
    return WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "const summary = document.querySelector('#search-results .search-summary');"
        "if (!summary || !summary.textContent) return null;"
        "return [...document.querySelectorAll('#search-results li a')].map(a => a.href);"))


def test_search_finds_the_multi_head_section(site, driver):
    found = search_results(driver, f"{site}/search.html?q=multi-head")
    assert any("book/ch02/multi-head.html" in link for link in found), f"search results: {found[:10]}"


def test_sidebar_reaches_every_page_of_the_table_of_contents(site, visited):
    """Following only sidebar links, as the browser found them on each page, from the first page."""
    url_of = {page: browser.page_url(site, page) for page in PAGES}
    page_of = {url: page for page, url in url_of.items()}
    seen, queue = set(), [PAGES[0]]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        for href in visited[page]["sidebar"]:
            target = page_of.get(urljoin(url_of[page], href).split("#")[0])
            if target is not None and target not in seen:
                queue.append(target)
    assert set(PAGES) <= seen, f"not reachable from the sidebar: {sorted(set(PAGES) - seen)}"


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_a_phone_screen(page, visited):
    fits_a_phone(page, visited[page]["phone"])


# The Chinese edition (_build/html/zh): the same pages, the same checks, and Chinese in a CJK font.
ZH = "zh/"


def cjk_fonts(driver) -> list[str]:
    """The fonts Chromium used to draw the first paragraph of the article that holds Chinese text
    (from the DevTools protocol: what was rendered, not what the CSS asked for)."""
    if not driver.execute_script("""
        const p = [...document.querySelectorAll('article p, article li, article h1')]
                  .find(e => /[\\u4e00-\\u9fff]/.test(e.textContent));
        if (p) p.id = 'cjk-probe';
        return !!p;"""):
        return []
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": "#cjk-probe"})["nodeId"]
    fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts if font["glyphCount"] > 0]


@pytest.fixture(scope="module")
def visited_zh(site, driver):
    """page -> what the browser saw on its Chinese page."""
    seen = {}
    for page in PAGES:
        driver.get_log("browser")
        browser.open_page(driver, browser.page_url(site, ZH + page))
        browser.wait_for_math(driver)
        seen[page] = {
            "errors": [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"],
            "lang": driver.execute_script("return document.documentElement.lang"),
            "math": driver.execute_script("""
                const math = [...document.querySelectorAll('.math')];
                return {count: math.length, typeset: math.filter(m => m.querySelector('mjx-container')).length,
                        errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent)};"""),
            "fonts": cjk_fonts(driver),
            "other": driver.execute_script("const a = document.querySelector('a.edition-link'); return a && a.href;"),
            "links": driver.execute_script("return [...document.querySelectorAll('a')].map(a => a.href)"),
            "phone": on_a_phone(driver),
        }
    return seen


def test_every_chinese_page_loads_without_console_errors(visited_zh):
    errors = {page: seen["errors"] for page, seen in visited_zh.items() if seen["errors"]}
    assert not errors, f"the browser console reported errors: {json.dumps(errors, indent=1, ensure_ascii=False)[:3000]}"


def test_chinese_pages_are_marked_chinese_and_drawn_in_a_cjk_font(visited_zh):
    for page, seen in visited_zh.items():
        assert seen["lang"] == "zh-CN", f"zh/{page}: <html lang={seen['lang']!r}>"
    with_chinese = {page: seen["fonts"] for page, seen in visited_zh.items() if seen["fonts"]}
    assert len(with_chinese) >= len(PAGES) - 2, "nearly every Chinese page has Chinese prose"
    for page, fonts in with_chinese.items():
        assert any("CJK" in font or "Hei" in font or "Song" in font for font in fonts), (
            f"zh/{page}: Chinese text drawn in {fonts}, not a CJK font")


def test_chinese_math_is_typeset(visited_zh):
    for page, seen in visited_zh.items():
        math = seen["math"]
        assert math["typeset"] == math["count"] and not math["errors"], f"zh/{page}: {math}"


def test_the_language_link_lands_on_the_same_page_in_the_other_edition(site, visited, visited_zh):
    for page in PAGES:
        assert visited_zh[page]["other"] == browser.page_url(site, page), (
            f"zh/{page}: the English link goes to {visited_zh[page]['other']}")
        assert visited[page]["other"] == browser.page_url(site, ZH + page), (
            f"{page}: the Chinese link goes to {visited[page]['other']}")


def test_chinese_search_finds_a_chinese_word(site, driver):
    found = search_results(driver, f"{site}/{ZH}search.html?q=多头注意力")
    assert any("book/ch02/multi-head.html" in link for link in found), f"search results: {found[:10]}"


def test_chinese_lab_pages_launch_the_chinese_notebook_in_colab(visited_zh):
    colab = repository_url().replace("https://github.com/", "https://colab.research.google.com/github/")
    for page in LABS:
        assert f"{colab}/blob/main/zh/{page}.ipynb" in visited_zh[page]["links"], (
            f"zh/{page}: no Colab link to zh/{page}.ipynb")


@pytest.mark.parametrize("page", LABS)
def test_chinese_lab_page_offers_the_chinese_student_notebook(page, site, visited_zh):
    nb = downloaded_student_notebook(visited_zh[page]["links"], site, ZH + page)
    assert re.search(r"[\u4e00-\u9fff]{20}", nb.cells[0].source), f"zh/{page}: the download is not in Chinese"


def test_every_chinese_page_fits_a_phone_screen(visited_zh):
    for page, seen in visited_zh.items():
        fits_a_phone(ZH + page, seen["phone"])
