"""The guide as a static HTML site: built from the demo data, unzipped, served over HTTP and
used in the browser. Every internal link resolves, the search finds pages and works by
keyboard, and the start, phase and step pages meet WCAG 2.1 A/AA in both editions."""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from django.db import transaction
from django.test import override_settings
from playwright.sync_api import Page, expect

from cirkular.cases.demo import load_demo
from cirkular.reports import deliverables
from tests.e2e.axe import axe_violations

# The marker makes pytest-django create the test database the module fixture builds from.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGES = ("sv", "en")
PAGES = ("index.html", "phases/forbereda.html", "steps/kartlagga.html")
SKIP = {"sv": "Hoppa till innehållet", "en": "Skip to content"}
SEARCH = {"sv": "Sök i handledningen", "en": "Search the guide"}


@pytest.fixture(scope="module")
def archives(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, bytes]]:
    """The guide of round 2021 as a zipped site in both languages, built once from the demo data."""
    out: dict[str, bytes] = {}
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        load_demo()
        for language in LANGUAGES:
            doc = deliverables.build("guide", 2021, language)
            out[language] = deliverables.render("guide", doc, "html").content
        transaction.set_rollback(True)
    yield out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(archives: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both editions unzipped and served by a local HTTP server: ``{url}sv/guide/index.html``."""
    root = tmp_path_factory.mktemp("guide-site")
    for language, content in archives.items():
        zipfile.ZipFile(io.BytesIO(content)).extractall(root / language)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_zip_holds_the_site_under_one_folder(archives: dict[str, bytes]) -> None:
    for content in archives.values():
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        assert all(n.startswith("guide/") for n in names)
        assert "guide/index.html" in names
        assert len([n for n in names if n.startswith("guide/phases/")]) == 3
        assert len([n for n in names if n.startswith("guide/steps/")]) == 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_resolves(site: str, archives: dict[str, bytes], language: str) -> None:
    start = f"{site}{language}/guide/index.html"
    seen: dict[str, _Links] = {}
    queue = [start]
    wanted: list[tuple[str, str]] = []  # (link as written, on which page)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        try:
            with urlopen(url) as response:  # noqa: S310 - our own local server
                body = response.read().decode()
        except HTTPError as error:
            pytest.fail(f"{url} answered {error.code}")
        links = _parse(body) if url.endswith(".html") else _Links()
        seen[url] = links
        for link in links.links:
            target = urljoin(url, link)
            assert urlsplit(target).netloc == urlsplit(site).netloc, f"{link} on {url} leaves the site"
            assert urlsplit(target).path.startswith(f"/{language}/guide/"), f"{link} on {url} leaves the guide"
            page, fragment = urldefrag(target)
            if fragment:
                wanted.append((target, url))
            if page not in seen:
                queue.append(page)
    for target, on in wanted:
        page, fragment = urldefrag(target)
        assert fragment in seen[page].ids, f"{target} (linked from {on}) has no such id"
    pages = {u.removeprefix(f"{site}{language}/") for u in seen if u.endswith(".html")}
    in_zip = {n for n in zipfile.ZipFile(io.BytesIO(archives[language])).namelist() if n.endswith(".html")}
    assert pages == in_zip, "every page of the zip is reachable from the start page"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_are_accessible_with_landmarks_and_skip_link(page: Page, site: str, language: str) -> None:
    for path in PAGES:
        page.goto(f"{site}{language}/guide/{path}")
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator("h1")).to_have_count(1)
        expect(page.get_by_role("banner")).to_have_count(1)
        expect(page.get_by_role("main")).to_have_count(1)
        expect(page.get_by_role("contentinfo")).to_have_count(1)
        expect(page.get_by_role("search")).to_be_visible()
        expect(page.get_by_role("navigation").first).to_be_visible()
        assert axe_violations(page) == [], f"{language}/{path}"
        page.set_viewport_size({"width": 320, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{path} reflows (WCAG 1.4.10)"
        page.set_viewport_size({"width": 1280, "height": 800})
        # the skip link is the first stop and moves the focus to the main content
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name=SKIP[language])
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


def test_navigation_marks_the_current_page(page: Page, site: str) -> None:
    page.goto(f"{site}sv/guide/steps/kartlagga.html")
    nav = page.get_by_role("navigation", name="Modellen")
    current = nav.locator("[aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "../steps/kartlagga.html")
    nav.get_by_role("link", name="2. Upphandla").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Upphandla")
    page.get_by_role("main").get_by_role("link", name="5. Annonsera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("5. Annonsera")
    page.get_by_role("link", name="Nästa steg: 6. Pröva och utvärdera anbud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("6. Pröva och utvärdera anbud")


@pytest.mark.parametrize(
    ("language", "word", "expected"), [("sv", "marknadsdialog", "kartlagga"), ("en", "market dialogue", "kartlagga")]
)
def test_search_finds_a_page_by_keyboard(page: Page, site: str, language: str, word: str, expected: str) -> None:
    page.goto(f"{site}{language}/guide/index.html")
    box = page.get_by_role("searchbox", name=SEARCH[language])
    # reach the box by keyboard: the skip link, the guide's title, then the search box
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.type(word)
    results = page.locator("#search-results")
    expect(results.locator(f"a[href='steps/{expected}.html']")).to_have_count(1)
    expect(page.get_by_role("status")).not_to_be_empty()
    expect(results.get_by_role("listitem").first).to_contain_text(word.split()[0], ignore_case=True)
    assert axe_violations(page) == []
    # Enter moves to the first result, arrows move between them, Enter follows one
    page.keyboard.press("Enter")
    first = results.get_by_role("link").first
    expect(first).to_be_focused()
    count = results.get_by_role("link").count()
    for _ in range(count):
        if page.evaluate("document.activeElement.getAttribute('href')") == f"steps/{expected}.html":
            break
        page.keyboard.press("ArrowDown")
    title = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{language}/guide/steps/{expected}.html")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("main")).to_contain_text(word.split()[0], ignore_case=True)


def test_search_with_no_hit_says_so(page: Page, site: str) -> None:
    page.goto(f"{site}sv/guide/steps/planera.html")
    page.get_by_role("searchbox", name=SEARCH["sv"]).fill("qwxyzzy")
    expect(page.get_by_role("status")).to_have_text("Resultat: 0")
    expect(page.locator("#search-results li")).to_have_count(0)
