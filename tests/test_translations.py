"""Simplified Chinese is the default language: every UI string needs a translation."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

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


# The glossary (DOMAIN.md) as the Chinese pages say it -------------------------------------

# (message context, English, Chinese): the vote, session and covenant vocabulary.
GLOSSARY = [
    ("vote choice", "For", "赞成"),
    ("vote choice", "Against", "反对"),
    ("vote choice", "Abstain", "弃权"),
    ("vote choice", "for", "赞成"),
    ("vote choice", "against", "反对"),
    ("vote choice", "abstain", "弃权"),
    (None, "Vote", "投票"),
    (None, "Voting", "表决"),
    (None, "matter", "议题"),
    (None, "Matters", "议题"),
    (None, "Submit a matter", "提交议题"),
    (None, "session", "议事会"),
    (None, "Session", "议事会"),
    (None, "quarterly session", "季度议事会"),
    (None, "One matter, one discussion", "一事一议"),
    (None, "Suggestion box", "议事箱"),
    (None, "covenant", "公约"),
    (None, "Residents' covenant", "居民公约"),
    (None, "clause", "条款"),
    (None, "Clause", "条款"),
    (None, "Minutes", "会议纪要"),
    (None, "Meeting minutes", "会议纪要"),
    (None, "Migrant associations", "流动人口协会"),
    (None, "Population school", "人口学校"),
    (None, "street office", "街道办事处"),
]

# Short words that mean different things in different places: only ever with a context.
AMBIGUOUS = {
    "For",
    "Against",
    "Abstain",
    "for",
    "against",
    "abstain",
    "Result",
    "Results",
    "Open",
    "Close",
    "Closed",
    "Status",
    "Next",
    "Previous",
    "Like",
    "Report",
    "Right",
    "done",
    "by",
}


@pytest.mark.parametrize(("context", "english", "chinese"), GLOSSARY)
def test_the_glossary_reads_as_the_glossary_says(context, english, chinese):
    with translation.override("zh-hans"):
        said = pgettext(context, english) if context else gettext(english)
    assert said == chinese


def test_short_ambiguous_words_always_have_a_context():
    po = polib.pofile(str(PO))
    bare = sorted(e.msgid for e in po if e.msgid in AMBIGUOUS and not e.msgctxt and not e.obsolete)
    assert bare == []


def test_the_ballot_and_the_show_of_hands_say_for_against_abstain():
    from governance.forms import VoteForm
    from pages.associations.forms import DecisionForm

    with translation.override("zh-hans"):
        ballot = [str(label) for _value, label in VoteForm().fields["choice"].choices]
        hands = [
            str(DecisionForm().fields[name].label)
            for name in ("votes_for", "votes_against", "votes_abstain")
        ]
    assert ballot == hands == ["赞成", "反对", "弃权"]


def test_djangos_newer_password_messages_are_in_chinese():
    from django.contrib.auth.password_validation import (
        MinimumLengthValidator,
        password_validators_help_texts,
    )

    with translation.override("zh-hans"):
        too_short = MinimumLengthValidator(8).get_error_message()
        rules = password_validators_help_texts()
    for message in [too_short, *rules]:
        assert not re.search(r"[A-Za-z]{2,}", message), message
    assert "8" in too_short


def test_messages_the_project_translates_for_django_and_allauth_read_in_chinese():
    from portal.translations import MISSING_FROM_DJANGO, REWORDED

    with translation.override("zh-hans"):
        reworded = [gettext(message) for message in REWORDED]
        missing = [gettext(message) for message in MISSING_FROM_DJANGO if isinstance(message, str)]
    for message in reworded + [
        m.replace("%(model)s", "").replace("%(field)s", "") for m in missing
    ]:
        assert not re.search(r"[A-Za-z]{2,}", message.replace("%(value)r", "")), message
