"""A prisoner's relative reports from a phone with JavaScript switched off, keeps the receipt
code and later reads the reply; an intake officer triages. Screenshots: report-form.png (phone
width) and complaints-triage.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, ViewportSize

from palermo.complaints import demo, services
from palermo.complaints.models import Complaint

pytestmark = pytest.mark.django_db(transaction=True)
PHONE: ViewportSize = {"width": 390, "height": 844}


def test_report_and_follow_up_without_javascript(browser: Browser, live_server, settings,
                                                 org_a, intake_officer, screenshot):
    settings.PALERMO_COMPLAINTS_ORGANISATION = org_a.name
    demo.ensure(org_a)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="ru-RU",
                                  java_script_enabled=False, is_mobile=True)
    page = context.new_page()
    page.goto("/report/")
    page.get_by_role("button", name="Русский").click()
    assert page.locator("h1").inner_text() == "Безопасно сообщить о нарушениях"
    page.get_by_role("link", name="Принудительный труд в местах лишения свободы").click()
    page.get_by_label("О родственнике или друге").check()
    page.get_by_label("О каком месте речь?").select_option(
        label="IK-14 (demo) — Republic of Mordovia")
    page.get_by_label("Сколько часов в день люди работают?").fill("16")
    page.get_by_label("Сколько дней в неделю?").fill("7")
    page.get_by_label("Сколько платят за месяц работы, в рублях?").fill("40")
    page.locator('input[name="penalised_for_refusing"][value="yes"]').check()
    page.get_by_label("Что произошло?").fill("Мужа заставляют шить по 16 часов без выходных.")
    page.locator("h1").scroll_into_view_if_needed()
    screenshot(page, "report-form")
    page.get_by_role("button", name="Отправить сообщение").click()
    assert page.locator("h1").inner_text() == "Ваше сообщение отправлено"
    code = page.locator(".receipt strong").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){6}", code)
    complaint = Complaint.objects.order_by("-pk").first()
    assert complaint is not None and complaint.hours_per_day == 16
    services.reply(user=intake_officer, complaint=complaint, text="Мы получили ваше сообщение.")
    page.get_by_role("link", name="Прочитать наш ответ или добавить сведения по коду квитанции",
                     exact=True).first.click()
    page.get_by_label("Ваш код квитанции").fill(code.lower())
    page.get_by_role("button", name="Открыть").click()
    assert "Мы получили ваше сообщение." in page.content()
    page.get_by_label("Добавить сведения").fill("Сегодня перевели в ШИЗО.")
    page.get_by_role("button", name="Отправить", exact=True).click()
    assert "Спасибо. Ваши сведения добавлены." in page.content()
    context.close()


def test_intake_officer_triages(page, sign_in, settings, org_a, intake_officer, demo_names,
                                screenshot):
    settings.PALERMO_COMPLAINTS_ORGANISATION = org_a.name
    demo.ensure(org_a)
    sign_in(page, demo_names(intake_officer))
    page.goto("/complaints/")
    assert page.locator("h1").inner_text() == "Complaints"
    screenshot(page, "complaints-triage")
    page.locator("table a").first.click()
    assert "Labour standards" in page.content()
    page.get_by_label("Reply to the complainant").fill("We have written to the prosecutor.")
    page.get_by_role("button", name="Send the reply").click()
    assert "Reply sent." in page.content()
