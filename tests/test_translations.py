"""Simplified Chinese is the default language: every UI string needs a translation."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_chinese_translation():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in po
        if e.translated() and not e.obsolete
    }
    assert source == compiled
