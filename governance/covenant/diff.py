"""Compare two covenant versions clause by clause, following each clause's identity.

Words are compared after jieba splits the Chinese text into words, so a change marks
whole words (``<del>租户</del><ins>承租人</ins>``) rather than scattered characters.
"""

import difflib
from dataclasses import dataclass

import jieba
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.search.analysis import setup_jieba


def _tokens(text):
    setup_jieba()
    return jieba.lcut(text)


def mark_changes(old, new):
    """HTML of ``new`` with words removed from ``old`` in ``<del>`` and added ones in ``<ins>``."""
    a, b = _tokens(old), _tokens(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


@dataclass
class ClauseChange:
    """One clause in a comparison: its text in the old version, the new one, or both."""

    old: object = None  # VersionClause, numbered
    new: object = None

    @property
    def added(self):
        return self.old is None

    @property
    def removed(self):
        return self.new is None

    @property
    def renamed(self):
        return not (self.added or self.removed) and self.old.title != self.new.title

    @property
    def reworded(self):
        return not (self.added or self.removed) and self.old.text != self.new.text

    @property
    def moved(self):
        """Now in another chapter."""
        return not (self.added or self.removed) and self.old.chapter != self.new.chapter

    @property
    def renumbered(self):
        return not (self.added or self.removed) and self.old.number != self.new.number

    @property
    def changed(self):
        return self.added or self.removed or self.renamed or self.reworded or self.moved

    @property
    def title_html(self):
        return mark_changes(self.old.title, self.new.title) if self.renamed else None

    @property
    def text_html(self):
        return mark_changes(self.old.text, self.new.text) if self.reworded else None


def compare(old_version, new_version):
    """Every clause of both versions in the new version's order; a removed clause comes
    right after the clause that preceded it in the old version."""
    old_rows = {row.clause_id: row for row in old_version.rows}
    new_rows = {row.clause_id: row for row in new_version.rows}
    removed_after = {}  # clause id it followed in the old version (None: the start) → rows
    previous = None
    for row in old_version.rows:
        if row.clause_id in new_rows:
            previous = row.clause_id
        else:
            removed_after.setdefault(previous, []).append(ClauseChange(old=row))
    changes = list(removed_after.get(None, []))
    for row in new_version.rows:
        changes.append(ClauseChange(old=old_rows.get(row.clause_id), new=row))
        changes.extend(removed_after.get(row.clause_id, []))
    return changes
