"""The public pages in Russian, English, Uzbek, Tajik and Kyrgyz: every string they show is
translated in each catalogue, and the form works in each language."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

import palermo
from palermo.complaints.models import Complaint
from palermo.complaints.public_views import PUBLIC_LANGUAGES
from tests.test_translations import parse_po, untranslated

LOCALE = Path(palermo.__file__).resolve().parent / "locale"
#: Where the public pages' strings come from (paths as makemessages writes them).
PUBLIC_SOURCES = (
    "complaints/templates/complaints/public/", "complaints/public_forms.py",
    "complaints/public_views.py", "complaints/codes.py", "templates/form_fields.html",
    "templates/form_field_notes.html",
)
HEADINGS = {
    "en": "Report abuse safely", "ru": "Безопасно сообщить о нарушениях",
    "uz": "Qonunbuzarlik haqida xavfsiz xabar bering",
    "tg": "Дар бораи вайронкунӣ бехатар хабар диҳед",
    "ky": "Укук бузуулар жөнүндө коопсуз кабарлаңыз",
}
SENT = {
    "en": "Your report was sent", "ru": "Ваше сообщение отправлено",
    "uz": "Xabaringiz yuborildi", "tg": "Хабари шумо фиристода шуд",
    "ky": "Билдирүүңүз жөнөтүлдү",
}


def public_entries(language: str) -> list:
    """The catalogue's entries whose source references include a public page's file."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n"):
        references = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        paths = [ref.rsplit(":", 1)[0] for ref in references.split()]
        if any(path.startswith(PUBLIC_SOURCES) for path in paths):
            found += [e for e in parse_po(block) if not e.obsolete]
    return found


@pytest.mark.parametrize("language", ["ru", "uz", "tg", "ky"])
def test_every_public_page_string_is_translated(language):
    entries = public_entries(language)
    assert len(entries) > 100, "no public-page strings found in the catalogue"
    assert untranslated(entries) == []


@pytest.mark.parametrize("language", ["uz", "tg", "ky"])
def test_compiled_catalogue_holds_the_public_strings(language):
    path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in public_entries(language):
        if entry.msgid_plural is None and entry.msgctxt is None:
            assert catalogue.gettext(entry.msgid) == entry.msgstr[0], entry.msgid


def test_the_public_languages_are_offered():
    codes = [code for code, _name in settings.LANGUAGES]
    assert set(PUBLIC_LANGUAGES) <= set(codes)


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_the_form_works_in_each_language(receiving, public, language):
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    start = public.get("/report/").content.decode()
    assert f'<html lang="{language}">' in start
    assert HEADINGS[language] in start
    for other in PUBLIC_LANGUAGES:  # the switcher offers every language, each in itself
        assert f'name="language" value="{other}" lang="{other}"' in start
    form = public.get("/report/prison-labour/").content.decode()
    assert 'name="hours_per_day"' in form
    bad = public.post("/report/prison-labour/", {"reporter": "relative", "hours_per_day": "99"})
    assert bad.status_code == 400
    response = public.post("/report/prison-labour/", {"reporter": "relative",
                                                      "hours_per_day": "12"})
    html = response.content.decode()
    assert SENT[language] in html
    assert re.search(r'class="receipt"><strong>[0-9A-Z-]{34}</strong>', html)
    assert Complaint.objects.get().language == language


def test_the_language_switcher_works_without_javascript(receiving, public):
    response = public.post("/i18n/setlang/", {"language": "tg", "next": "/report/"})
    assert response.status_code == 302 and response["Location"] == "/report/"
    assert HEADINGS["tg"] in public.get("/report/").content.decode()
