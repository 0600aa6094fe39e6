"""The page shell every screen shares: language, landmarks, skip link, language switcher, accessible
forms, and HTML that the strict Content-Security-Policy can serve (no inline script or style)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

import palermo
from palermo.accounts import services

STATIC = Path(palermo.__file__).resolve().parent / "static" / "palermo"


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script> and <style>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline_code: list[str] = []
        self._inside: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        if tag in ("script", "style"):
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside and data.strip():
            self.inline_code.append(f"<{self._inside}>{data.strip()[:60]}")

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    @property
    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]


def _pages(client_for, org_admin, caseworker, lawyer, intake_officer) -> dict[str, tuple[int, str]]:
    """The pages of the shell, as each kind of visitor sees them, in normal and error states."""
    anonymous = Client()
    admin = client_for(org_admin)
    worker = client_for(caseworker)
    strict = Client(enforce_csrf_checks=True)

    # A lawyer with an authenticator app: the sign-in's second step.
    device = services.start_totp_enrolment(user=lawyer)
    assert services.confirm_totp_enrolment(user=lawyer, device=device, token=_code(device))
    second_step = client_for(lawyer)

    # A caseworker enrolling: the setup page, then the recovery codes shown once.
    enrolling = client_for(caseworker)
    setup_page = enrolling.get("/accounts/setup/")
    new_device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    codes_page = enrolling.post("/accounts/setup/", {"token": _code(new_device)})

    locked = Client()
    for _ in range(6):
        locked_page = locked.post(
            "/accounts/login/", {"username": intake_officer.username, "password": "wrong"}
        )

    responses = {
        "two-factor check": second_step.get("/accounts/verify/"),
        "two-factor check with errors": second_step.post("/accounts/verify/", {"token": "x"}),
        "two-factor setup": setup_page,
        "recovery codes": codes_page,
        "locked out": locked_page,
        "login": anonymous.get("/accounts/login/"),
        "login with errors": anonymous.post("/accounts/login/", {"username": "", "password": ""}),
        "home": admin.get("/"),
        "security": admin.get("/accounts/security/"),
        "security with errors": admin.post("/accounts/security/", {"password": "short"}),
        "user list": admin.get("/accounts/users/"),
        "user create": admin.get("/accounts/users/new/"),
        "user create with errors": admin.post("/accounts/users/new/", {"username": ""}),
        "user edit": admin.get(f"/accounts/users/{caseworker.pk}/"),
        "set password with errors": admin.post(
            f"/accounts/users/{caseworker.pk}/password/", {"password": "a", "confirm": "b"}
        ),
        "not found": admin.get("/accounts/users/999999/"),
        "forbidden": worker.get("/accounts/users/"),
        "expired form": strict.post("/i18n/setlang/", {"language": "ru"}),
    }
    return {name: (r.status_code, r.content.decode()) for name, r in responses.items()}


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.fixture
def pages(client_for, org_admin, caseworker, lawyer, intake_officer) -> dict[str, tuple[int, str]]:
    return _pages(client_for, org_admin, caseworker, lawyer, intake_officer)


def test_each_page_rendered_with_the_expected_status(pages):
    statuses = {name: status for name, (status, _) in pages.items()}
    assert statuses == {
        "two-factor check": 200,
        "two-factor check with errors": 200,
        "recovery codes": 200,
        "locked out": 429,
        "login": 200,
        "login with errors": 200,
        "home": 200,
        "security": 200,
        "security with errors": 200,
        "two-factor setup": 200,
        "user list": 200,
        "user create": 200,
        "user create with errors": 200,
        "user edit": 200,
        "set password with errors": 400,
        "not found": 404,
        "forbidden": 403,
        "expired form": 403,
    }


def test_no_inline_script_or_style_anywhere(pages):
    """The CSP (script-src 'self'; style-src 'self') would block them, so they must not exist."""
    for name, (_, html) in pages.items():
        page = Page(html)
        assert page.inline_code == [], name
        assert not [t for t, _ in page.tags if t == "style"], name
        for tag, attrs in page.tags:
            assert "style" not in attrs, f"{name}: style attribute on <{tag}>"
            assert not [a for a in attrs if a.startswith("on")], f"{name}: handler on <{tag}>"
            if tag == "script":
                assert attrs.get("src", "").startswith("/static/"), name
            if tag == "a":
                assert not attrs.get("href", "").lower().startswith("javascript:"), name


def test_every_page_has_language_title_landmarks_and_a_working_skip_link(pages):
    for name, (_, html) in pages.items():
        page = Page(html)
        assert page.find("html", lang="en"), name
        assert re.search(r"<title>[^<]*\S · palermo</title>", html), name
        assert len(page.find("main")) == 1, name
        assert page.find("header") and page.find("footer"), name
        assert len(page.find("h1")) == 1, name
        skip = page.find("a", **{"class": "skip-link"})
        assert skip and skip[0]["href"] == "#main", name
        assert "main" in page.ids, name


def test_no_duplicate_ids(pages):
    for name, (_, html) in pages.items():
        duplicates = [i for i, n in Counter(Page(html).ids).items() if n > 1]
        assert duplicates == [], name


def test_language_switcher_is_a_labelled_select_with_a_submit_button(pages):
    for name, (_, html) in pages.items():
        form = re.search(
            r'<form action="/i18n/setlang/" method="post"[^>]*>(.*?)</form>', html, re.S
        )
        assert form, name
        inner = Page(form.group(1))
        select = inner.find("select", name="language")
        assert len(select) == 1 and select[0].get("id"), name
        assert inner.find("label", **{"for": select[0]["id"]}), name
        assert not [a for a in select[0] if a.startswith("on")], name
        assert {o["value"] for o in inner.find("option")} == {"en", "ru"}, name
        assert all(o.get("lang") == o["value"] for o in inner.find("option")), name
        assert inner.find("button", type="submit"), name
        assert inner.find("input", type="hidden", name="csrfmiddlewaretoken"), name


def test_every_form_control_has_a_label(pages):
    for name, (_, html) in pages.items():
        page = Page(html)
        labelled = {a["for"] for a in page.find("label") if "for" in a}
        for tag, attrs in page.tags:
            if tag not in ("input", "select", "textarea"):
                continue
            if attrs.get("type") in ("hidden", "submit", "button"):
                continue
            assert attrs.get("id") in labelled or attrs.get("aria-label"), (name, attrs)


def test_invalid_fields_point_at_their_error_and_help_text(pages):
    checked = 0
    for name in (
        "two-factor check with errors",
        "login with errors",
        "security with errors",
        "user create with errors",
        "set password with errors",
    ):
        page = Page(pages[name][1])
        ids = set(page.ids)
        summary = page.find("div", **{"class": "form-errors"})
        assert summary and summary[0].get("role") == "alert", name
        for tag, attrs in page.tags:
            if attrs.get("aria-invalid") == "true":
                described = attrs.get("aria-describedby", "").split()
                assert f"{attrs['id']}_error" in described, (name, attrs)
                assert set(described) <= ids, (name, described)
                checked += 1
            if tag == "input" and attrs.get("aria-describedby"):
                assert set(attrs["aria-describedby"].split()) <= ids, (name, attrs)
    assert checked >= 4


def test_error_summary_links_to_each_invalid_field(pages):
    html = pages["user create with errors"][1]
    page = Page(html)
    invalid = {a["id"] for _, a in page.tags if a.get("aria-invalid") == "true"}
    linked = {a["href"][1:] for a in page.find("a") if a.get("href", "").startswith("#id_")}
    assert invalid and invalid == linked
    assert "<title>Error:" in html


def test_optional_fields_say_so_and_required_ones_carry_the_attribute(pages):
    page = Page(pages["user create"][1])
    assert page.find("input", name="username", id="id_username")[0].get("required") == ""
    html = pages["user create"][1]
    assert re.search(r'for="id_email">[^<]*<span class="optional">\(optional\)</span>', html)
    assert not re.search(r'for="id_username">[^<]*<span class="optional">', html)


def test_current_section_is_marked_in_the_navigation(pages):
    def current(name: str) -> list[str]:
        return [
            f"{a['href']}={a['aria-current']}"
            for a in Page(pages[name][1]).find("a")
            if "aria-current" in a
        ]

    assert current("home") == ["/=page"]
    assert current("user list") == ["/accounts/users/=page"]
    assert current("user edit") == ["/accounts/users/=true"]
    assert current("security") == ["/accounts/security/=page"]


def test_navigation_shows_accounts_only_to_org_admins(pages):
    assert 'href="/accounts/users/"' in pages["home"][1]
    assert 'href="/accounts/users/"' not in pages["two-factor setup"][1]
    assert 'href="/accounts/users/"' not in pages["login"][1]


def test_csp_header_is_strict_on_pages(client_for, org_admin):
    for url in ("/accounts/login/", "/", "/accounts/security/", "/accounts/users/"):
        response = client_for(org_admin).get(url)
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["default-src"] == "'none'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert "unsafe" not in csp, url


def test_htmx_is_configured_for_the_csp_and_keeps_no_history_copies(pages):
    html = pages["home"][1]
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config
    import json

    options = json.loads(config.group(1))
    assert options["includeIndicatorStyles"] is False
    assert options["allowEval"] is False
    assert options["historyCacheSize"] == 0


def test_vendored_htmx_is_version_2_with_its_licence_noted():
    text = (STATIC / "htmx.min.js").read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line.startswith("/*! htmx 2.") and "0BSD" in first_line
    assert 'version:"2.' in text
    notes = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    assert "htmx 2." in notes and "Zero-Clause BSD" in notes


def test_every_referenced_static_file_exists_in_the_package(pages):
    referenced = set()
    for _, html in pages.values():
        referenced |= set(re.findall(r'(?:src|href)="/static/([^"]+)"', html))
    assert {"palermo/palermo.css", "palermo/htmx.min.js", "palermo/palermo.js"} <= referenced
    for path in referenced:
        assert (STATIC.parent / path).is_file(), path


def test_stylesheet_defines_the_classes_the_templates_use():
    templates = Path(palermo.__file__).resolve().parent
    # palermo.css, and the public pages' own small stylesheet (complaints/report.css)
    css = "\n".join(p.read_text(encoding="utf-8") for p in templates.rglob("static/**/*.css"))
    used: set[str] = set()
    for template in templates.rglob("templates/**/*.html"):
        for value in re.findall(r'class="([^"{]*)', template.read_text(encoding="utf-8")):
            used |= set(value.split())
    missing = sorted(c for c in used if not re.search(rf"\.{re.escape(c)}\b", css))
    assert missing == []


class _GroupedForm(forms.Form):
    """Widgets later apps will use: a radio group, a checkbox, an optional text field."""

    exploitation = forms.ChoiceField(
        label="Form of exploitation",
        choices=[("labour", "Forced labour"), ("sexual", "Sexual exploitation")],
        widget=forms.RadioSelect,
        help_text="Choose the main one.",
    )
    consent = forms.BooleanField(label="Consent given", help_text="Ask first.")
    alias = forms.CharField(label="Alias", required=False)


def test_grouped_widgets_get_a_fieldset_legend_and_descriptions(db):
    html = render_to_string("form_fields.html", {"form": _GroupedForm(data={})})
    page = Page(html)
    ids = set(page.ids)
    fieldset = page.find("fieldset")
    assert len(fieldset) == 1
    assert fieldset[0]["aria-describedby"].split() == [
        "id_exploitation_helptext",
        "id_exploitation_error",
    ]
    assert set(fieldset[0]["aria-describedby"].split()) <= ids
    assert re.search(r"<legend>Form of exploitation</legend>", html)
    checkbox = page.find("input", type="checkbox")[0]
    assert checkbox["aria-invalid"] == "true"
    assert set(checkbox["aria-describedby"].split()) == {"id_consent_helptext", "id_consent_error"}
    assert re.search(r'<input type="checkbox"[^>]*>\s*<label for="id_consent">', html)
    assert re.search(r'for="id_alias">Alias <span class="optional">', html)
    assert [a["href"] for a in page.find("a")] == ["#id_exploitation_0", "#id_consent"]


def test_second_step_page_offers_no_navigation_it_would_refuse(pages):
    assert Page(pages["two-factor check"][1]).find("nav") == []
    assert Page(pages["home"][1]).find("nav", **{"aria-label": "Main"})
