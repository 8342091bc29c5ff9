"""Every page of the model renders in Swedish and in English."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cirkular.core.model import load_model

MODEL = load_model()
PAGES = [
    ("guide:home", {}),
    ("guide:overview", {}),
    ("guide:malkarta", {}),
    ("guide:rladder", {}),
    ("guide:business_models", {}),
    ("guide:tools", {}),
    *[("guide:step", {"step_id": s.id}) for s in MODEL.steps],
]


def url(name: str, kwargs: dict[str, str], language: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[f"{n}:{k.get('step_id', '')}" for n, k in PAGES])
def test_page_renders_in_language(client: Client, name: str, kwargs: dict[str, str], language: str) -> None:
    address = url(name, kwargs, language)
    assert address.startswith("/en/") == (language == "en")
    response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert '<main id="main"' in html and 'href="#main"' in html
    # the language switch links to the same page in the other language
    other = "en" if language == "sv" else "sv"
    assert f'href="{url(name, kwargs, other)}" hreflang="{other}"' in html
    if name == "guide:step":
        step = MODEL.step(kwargs["step_id"])
        assert f"<h1>{step.name.get(language)}</h1>" in html.replace("&#x27;", "'")
        for item in step.checklist:
            assert f'id="{item.id}"' in html


def test_swedish_and_english_step_pages_differ(client: Client) -> None:
    step = MODEL.step("kartlagga")
    sv = client.get(url("guide:step", {"step_id": step.id}, "sv")).content.decode()
    en = client.get(url("guide:step", {"step_id": step.id}, "en")).content.decode()
    assert "Checklista" in sv and "Checklist" in en
    assert step.purpose.sv.split()[0] in sv
    assert step.circular.en[:40].replace("'", "&#x27;") in en


def test_step_page_lists_its_tools_and_neighbours(client: Client) -> None:
    step = MODEL.step("planera")
    html = client.get(url("guide:step", {"step_id": step.id}, "sv")).content.decode()
    assert MODEL.tool("malkarta").name.sv in html
    assert 'rel="next"' in html and 'rel="prev"' not in html


def test_malkarta_page_lists_every_strategy(client: Client) -> None:
    html = client.get(url("guide:malkarta", {}, "en")).content.decode()
    for strategy in MODEL.strategies:
        assert f'<tr id="{strategy.id}">' in html


def test_unknown_step_is_404(client: Client) -> None:
    assert client.get("/modellen/steg/finns-inte/").status_code == 404


def test_pages_read_without_javascript(client: Client) -> None:
    """Content is in the HTML itself; the only script is htmx, loaded deferred."""
    html = client.get(url("guide:overview", {}, "sv")).content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert all("defer" in s and "htmx" in s for s in scripts)
    for step in MODEL.steps:
        assert step.name.sv in html.replace("&#x27;", "'")
