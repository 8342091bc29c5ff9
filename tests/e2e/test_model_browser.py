"""A person reads the model in Chromium, switches language, and axe finds no WCAG A/AA violation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cirkular.core.model import load_model
from tests.e2e.axe import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_start_page_step_page_and_language_switch(page: Page, live_server: Any) -> None:
    model = load_model()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # the stylesheet and the vendored htmx are served
    header_bg = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header_bg == "rgb(18, 61, 38)"
    assert page.evaluate("typeof htmx") == "object"
    assert axe_violations(page) == []

    # the skip link is the first thing a keyboard reaches, and it is visible on focus
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Modellen").click()
    step = model.step("kartlagga")
    page.get_by_role("link", name=step.name.sv, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(step.name.sv)
    expect(page.get_by_role("heading", name="Checklista")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(step.name.en)
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible()
    assert page.url.startswith(live_server.url + "/en/")
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(step.name.sv)


@pytest.mark.parametrize(
    "path",
    ["/modellen/", "/modellen/malkarta/", "/modellen/r-stegen/", "/en/model/business-models/", "/en/model/tools/"],
)
def test_overview_pages_have_no_wcag_violations(page: Page, live_server: Any, path: str) -> None:
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(page) == []


def test_axe_does_find_a_violation(page: Page, live_server: Any) -> None:
    """The accessibility check can fail: an image without alt text is caught."""
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')")
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]
