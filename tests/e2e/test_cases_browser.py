"""A caseworker working in Russian registers a person and a case, finds the case again by the
Latin spelling of the name, opens it and sees its audit history."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from palermo.cases import services
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_registers_and_finds_a_case_in_russian(
    page: Page,
    caseworker: User,
    sign_in: SignIn,
    screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    demo_names(caseworker)
    sign_in(page, caseworker)
    page.locator('select[name="language"]').select_option("ru")
    page.locator('form:has(select[name="language"]) button[type="submit"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.locator('header nav a[href="/cases/"]').click()
    expect(page.locator("h1")).to_have_text("Случаи")
    page.locator('main a[href="/cases/persons/new/"]').first.click()

    # Step 1: the person, names in Cyrillic and in Latin letters.
    page.locator('input[name="family_name"]').fill("Каримова")
    page.locator('input[name="given_name"]').fill("Дилноза")
    page.locator('input[name="family_name_latin"]').fill("Karimova")
    page.locator('input[name="given_name_latin"]').fill("Dilnoza")
    page.locator('input[name="birth_date"]').fill("1998-03-14")
    page.locator('input[name="gender"][value="Feminine"]').check()
    page.locator('select[name="citizenship"]').select_option("UZ")
    page.locator('input[name="languages"][value="uz"]').check()
    page.locator('textarea[name="documents"]').fill("паспорт (UZ): FA 1234567")
    screenshot(page, "person-form-ru")
    page.locator("form.sectioned-form button[type=submit]").click()

    # Step 2: the case, with the new person's code already filled in.
    expect(page).to_have_url(re.compile(r"/cases/new/\?persons=P-"))
    expect(page.locator('input[name="persons"]')).to_have_value(re.compile(r"^P-\d{4}-\d{6}$"))
    page.locator('select[name="case_type"]').select_option("ForcedLabour")
    page.locator('input[name="exploitation"][value="ForcedLabour"]').check()
    page.locator('input[name="means_of_control"][value="DebtBondage"]').check()
    page.locator('select[name="industry"]').select_option("F_Construction")
    page.locator('select[name="exploitation_country"]').select_option("RU")
    page.locator('input[name="exploitation_region"]').fill("Москва")
    page.locator('textarea[name="narrative"]').fill("Обещали работу на стройке; забрали паспорт.")
    page.locator("form.sectioned-form button[type=submit]").click()

    expect(page.locator("h1")).to_contain_text("Случай C-")
    code = page.locator(".breadcrumb [aria-current=page]").inner_text().strip()
    expect(page.locator("main")).to_contain_text("Долговая кабала")
    expect(page.locator("main")).not_to_contain_text("Каримова")

    # Find it again by the Latin spelling, in another word order.
    page.locator('header nav a[href="/cases/"]').click()
    page.locator('input[name="q"]').fill("KARIMOVA Dilnoza")
    page.locator("form.filters .search-row button").click()
    row_link = page.locator(f'table a:text-is("{code}")')
    expect(row_link).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("Karimova")
    row_link.click()

    expect(page.locator("h1")).to_contain_text(code)
    page.locator('nav.tabs a[href$="/persons/"]').click()
    expect(page.locator("main")).not_to_contain_text("Каримова")
    page.locator("form[action$='/persons/identity/'] button").click()
    expect(page.locator("main")).to_contain_text("Каримова Дилноза")
    expect(page.locator("main")).to_contain_text("FA 1234567")
    screenshot(page, "case-identity-ru")

    page.locator('nav.tabs a[href$="/history/"]').click()
    history = page.locator("table")
    expect(history).to_contain_text("Создание")
    expect(history).to_contain_text(caseworker.username)
    expect(history).to_contain_text("личность показана")
    screenshot(page, "case-history-ru")


def test_case_list_and_detail_for_screenshots(
    page: Page,
    caseworker: User,
    sign_in: SignIn,
    screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    """A small registry as a caseworker sees it, in English (the screenshots in docs/)."""
    demo_names(caseworker)
    people = [
        ("Dilnoza", "Karimova", "UZ", "Feminine"),
        ("Farrukh", "Tashkentov", "UZ", "Masculine"),
        ("Nguyen Thi", "Lan", "VN", "Feminine"),
        ("Blessing", "Okafor", "NG", "Feminine"),
        ("Sherzod", "Rakhimov", "TJ", "Masculine"),
    ]
    patterns = [
        ("ForcedLabour", ["ForcedLabour"], "Moscow", "Active"),
        ("ForcedLabour", ["ForcedLabour", "Servitude"], "Moscow Oblast", "FollowUp"),
        ("Trafficking", ["SexualExploitation"], "St Petersburg", "Active"),
        ("Trafficking", ["ForcedBegging"], "Kazan", "Closed"),
        ("PrisonLabour", ["ForcedLabour"], "Mordovia", "Active"),
    ]
    case = None
    for n, ((given, family, country, gender), (kind, forms, region, status)) in enumerate(
        zip(people, patterns, strict=True)
    ):
        person = services.create_person(
            user=caseworker, given_name_latin=given, family_name_latin=family,
            citizenships=[country], gender=gender, birth_year=1990 + n,
        )
        case = services.create_case(
            user=caseworker, persons=[person], case_type=kind, exploitation=forms,
            exploitation_country="RU", exploitation_region=region, status=status,
            opened_on=datetime.date(2026, 1 + n, 10), means_of_control=["WithholdsDocuments"],
            industry="F_Construction" if kind == "ForcedLabour" else "",
            narrative="Recruited through an acquaintance; passport taken on arrival.",
        )
    assert case is not None
    sign_in(page, caseworker)
    page.goto("/cases/")
    expect(page.locator("table tbody tr")).to_have_count(5)
    expect(page.locator("table")).not_to_contain_text("Karimova")
    screenshot(page, "case-list")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("h1")).to_contain_text(case.code)
    screenshot(page, "case-detail")
    page.goto("/cases/new/")
    screenshot(page, "case-form")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/cases/")
    screenshot(page, "case-list-phone")
