"""The Russian interface is complete: every string is translated, the compiled catalogue matches
its source, the catalogue is up to date with the code, and pages really render in Russian."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

import palermo

PACKAGE = Path(palermo.__file__).resolve().parent
RU_PO = PACKAGE / "locale" / "ru" / "LC_MESSAGES" / "django.po"
RU_MO = RU_PO.with_suffix(".mo")

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def label(self) -> str:
        return f"{self.msgctxt}|{self.msgid}" if self.msgctxt else self.msgid


def parse_po(text: str) -> list[Entry]:
    """Enough of the PO format for gettext's own output: comments, flags, context, plurals,
    continued strings. A new entry starts at a blank line or at a comment or ``msgid`` that
    follows a ``msgstr`` (makemessages sometimes omits the blank line after the header)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    seen_msgstr = False
    for line in text.splitlines():
        starts_entry = line.startswith(("#", "msgctxt", "msgid "))
        if not line.strip() or (starts_entry and seen_msgstr):
            if entry is not None:
                entries.append(entry)
            entry, target, seen_msgstr = None, None, False
            if not line.strip():
                continue
        if entry is None:
            entry = Entry()
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, literal = match.groups()
            value = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                seen_msgstr = True
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (keyword, 0)
                setattr(entry, keyword, value)
        elif line.startswith('"') and target is not None:
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += value
            else:
                setattr(entry, target[0], (getattr(entry, target[0]) or "") + value)
        else:
            raise AssertionError(f"unreadable line in the catalogue: {line!r}")
    if entry is not None:
        entries.append(entry)
    return entries


def untranslated(entries: list[Entry]) -> list[str]:
    problems = []
    for entry in entries:
        if entry.obsolete or entry.msgid == "":
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label}")
        elif not entry.msgstr or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {entry.label}")
        elif entry.msgid_plural is not None and len(entry.msgstr) != 4:
            problems.append(
                f"needs the 4 Russian plural forms of Django's catalogue: {entry.label}"
            )
    return problems


def live_entries() -> list[Entry]:
    return [e for e in parse_po(RU_PO.read_text(encoding="utf-8")) if not e.obsolete]


# --- the parser itself, so a lenient parser cannot hide an untranslated string


def test_parser_reports_untranslated_fuzzy_and_incomplete_plural_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
        '#: a.py:1\nmsgid "Done"\nmsgstr "Готово"\n\n'
        'msgid "Missing"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "Guess %(n)s"\nmsgstr "Догадка %(n)s"\n\n'
        'msgctxt "heading"\nmsgid "Sign in"\nmsgstr ""\n\n'
        'msgid "one file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "%(n)s файл"\n'
        'msgstr[1] "%(n)s файла"\nmsgstr[2] ""\nmsgstr[3] "%(n)s файлов"\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n"Длинный "\n"текст"\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n'
    )
    assert untranslated(parse_po(text)) == [
        "untranslated: Missing",
        "fuzzy: Guess %(n)s",
        "untranslated: heading|Sign in",
        "untranslated: one file",
    ]


# --- the catalogue


def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = live_entries()
    assert len(entries) > 100, "the Russian catalogue looks empty"
    assert untranslated(entries) == []


def test_russian_catalogue_header_is_complete():
    header = next(e for e in live_entries() if e.msgid == "")
    assert "fuzzy" not in header.flags
    assert "Language: ru\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=4;" in header.msgstr[0]


def test_compiled_catalogue_matches_its_source():
    """The .mo is committed (users' machines may lack gettext); it must hold exactly what the
    .po says. Compared by content, not by file times, which a git checkout does not keep."""
    with RU_MO.open("rb") as handle:
        compiled: dict[Any, str] = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    expected: dict[Any, str] = {}
    for entry in live_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is not None:
            for index, text in entry.msgstr.items():
                expected[(key, index)] = text
        else:
            expected[key] = entry.msgstr[0]
    # msgfmt leaves POT-Creation-Date out of the compiled header: compare the header's plural
    # rule, and every message exactly.
    plural_rule = re.compile(r"^Plural-Forms: .*$", re.M)
    assert plural_rule.findall(compiled.pop("")) == plural_rule.findall(expected.pop(""))
    assert compiled == expected, "run compilemessages (docs/ui.md, Translations)"


def test_catalogue_is_up_to_date_with_the_code(tmp_path, settings, monkeypatch):
    """Re-extract the strings from a copy of the package: a string added to the code or a
    template without a Russian translation fails here, naming the string."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext (xgettext, msgmerge) is needed: apt-get install gettext")
    copy = tmp_path / "palermo"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ru"], ignore_patterns=["tests"], verbosity=0)
    fresh = parse_po((copy / "locale" / "ru" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    assert untranslated([e for e in fresh if not e.obsolete]) == [], (
        "new strings need Russian: re-run makemessages and translate them (docs/ui.md)"
    )


# --- pages in Russian


def _in_russian(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    return client


def test_home_page_renders_in_russian(caseworker, client_for):
    response = _in_russian(client_for(caseworker)).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru"' in html
    assert "Главная" in html
    assert "Что позволяет ваша роль" in html
    assert "Заводить и редактировать случаи" in html  # a capability label from roles.py
    assert "Кейс-менеджер" in html  # the role's display name
    assert ">Home<" not in html


def test_sign_in_page_renders_in_russian_for_anonymous_visitor(db, client):
    response = _in_russian(client).get("/accounts/login/")
    html = response.content.decode()
    assert "<h1" in html and "Вход</h1>" in html
    assert "Имя пользователя" in html
    assert "Перейти к содержимому" in html


def test_form_errors_render_in_russian(db, client):
    response = _in_russian(client).post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert "Исправьте ошибки" in html
    assert "Обязательное поле." in html  # Django's own Russian catalogue
    assert "<title>Ошибка:" in html


def test_org_admin_pages_render_in_russian(org_admin, caseworker, client_for):
    client = _in_russian(client_for(org_admin))
    listing = client.get("/accounts/users/").content.decode()
    assert "Учётные записи вашей организации" in listing
    assert "не настроен" in listing
    edit = client.get(f"/accounts/users/{caseworker.pk}/").content.decode()
    assert "Сбросить двухфакторную аутентификацию" in edit


def test_language_switcher_sets_russian(db, client):
    from django.conf import settings

    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert "Вход</h1>" in client.get("/accounts/login/").content.decode()


def test_password_help_text_follows_the_language(caseworker, client_for):
    html = _in_russian(client_for(caseworker)).get("/accounts/security/").content.decode()
    assert "Your password must contain" not in html
    assert "Пароль может содержать не более 128 символов." in html
