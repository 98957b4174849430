"""Text analysis for the Whoosh search backend: jieba for Chinese, Porter stemming for English.

Chinese has no spaces between words, so the tokenizer asks jieba for words in its
"search" mode, which also yields the shorter dictionary words inside a long one
(``公约`` inside ``居民公约``, ``工地`` inside ``建筑工地``). Every token keeps its
character offsets, for highlighting, and a position, for phrase queries.

Positions count *units*: the finest non-overlapping split of the text. A word
that jieba can tile with shorter dictionary words (``流动人口`` = ``流动`` +
``人口``) is split into them; any other token shares the position of the unit it
starts in. So ``社区居民`` is a phrase of ``幸福社区居民公约`` even though jieba
reads the document as ``幸福 / 社区 / 居民公约``.
"""

import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jieba
from whoosh.analysis import Analyzer, LowercaseFilter, NgramFilter, StemFilter, Token, Tokenizer

#: Longest prefix indexed for autocomplete; longer query words are cut to this length.
AUTOCOMPLETE_MAX_CHARS = 20

#: A weighted text (see :func:`weighted_text`): parts joined by this, each ``boost`` + this + text.
PART_SEPARATOR = "\x1e"
BOOST_SEPARATOR = "\x1d"
#: Positions left between two parts, so a phrase never spans two fields.
PART_POSITION_GAP = 100

_WORD_RE = re.compile(r"\w", re.UNICODE)
_jieba_lock = threading.Lock()
_jieba_ready = False


def setup_jieba(cache_dir: str | os.PathLike[str] | None = None) -> None:
    """Load jieba's dictionary once per process, quietly, caching it in ``cache_dir``.

    The cache goes to ``cache_dir`` (the search index directory) or the system
    temporary directory, never next to jieba's own files.
    """
    global _jieba_ready
    with _jieba_lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.dt.tmp_dir = str(cache_dir) if cache_dir else tempfile.gettempdir()
        jieba.initialize()
        _jieba_ready = True


@dataclass(frozen=True)
class Segment:
    """A word found in the text, with its character span and phrase position."""

    text: str
    start: int
    end: int
    pos: int
    is_unit: bool


def _tile(
    word_start: int, word_end: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int]] | None:
    """Split ``[word_start, word_end)`` into consecutive ``spans`` (sub-words), or return None."""
    if word_start == word_end:
        return []
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):
        if start == word_start and end <= word_end:
            rest = _tile(end, word_end, spans)
            if rest is not None:
                return [(start, end), *rest]
    return None


def _words(text: str) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """Yield the default-mode words of ``text``, each with the sub-words jieba finds in it.

    The sub-words are what jieba's search mode adds: the dictionary words of two
    and three characters inside a longer word.
    """
    freq = jieba.dt.FREQ
    start = 0
    for word in jieba.cut(text):
        end = start + len(word)
        if _WORD_RE.search(word):
            subwords = [
                (start + i, start + i + size)
                for size in (2, 3)
                if len(word) > size
                for i in range(len(word) - size + 1)
                if freq.get(word[i : i + size])
            ]
            yield start, end, subwords
        start = end


def weighted_text(parts: Iterable[tuple[str, float]]) -> str:
    """One field value holding several texts, each with its weight: ``[(text, boost), …]``.

    The tokenizer gives every token of a part the part's boost (Whoosh adds the
    boosts up as the term's weight, so a title word weighs like ``boost`` body
    words) and leaves :data:`PART_POSITION_GAP` positions between parts.
    """
    return PART_SEPARATOR.join(
        f"{boost:g}{BOOST_SEPARATOR}{text.replace(PART_SEPARATOR, ' ')}"
        for text, boost in parts
        if text
    )


def _weighted_parts(value: str) -> list[tuple[int, str, float]]:
    """``[(start_char, text, boost), …]`` of a :func:`weighted_text` value."""
    parts, start = [], 0
    for part in value.split(PART_SEPARATOR):
        boost, sep, text = part.partition(BOOST_SEPARATOR)
        if not sep:  # not a weighted text after all
            return [(0, value, 1.0)]
        offset = start + len(boost) + 1
        try:
            parts.append((offset, text, float(boost)))
        except ValueError:
            return [(0, value, 1.0)]
        start += len(part) + 1
    return parts


def segment(text: str) -> list[Segment]:
    """Split ``text`` into :class:`Segment` objects, ordered by position then length."""
    return list(_segment(text))


@lru_cache(maxsize=256)
def _segment(text: str) -> tuple[Segment, ...]:
    """Cached: indexing analyses each field's text twice (its own column and the combined
    one), and a query analyses the same words for every field."""
    setup_jieba()
    segments = []
    pos = -1
    for start, end, subwords in _words(text):
        units = _tile(start, end, subwords) if subwords else None
        units = units or [(start, end)]
        unit_positions = []
        for unit_start, unit_end in units:
            pos += 1
            unit_positions.append((unit_start, pos))
            segments.append(Segment(text[unit_start:unit_end], unit_start, unit_end, pos, True))
        for sub_start, sub_end in [*subwords, (start, end)]:
            if (sub_start, sub_end) in units:
                continue
            sub_pos = max(p for unit_start, p in unit_positions if unit_start <= sub_start)
            segments.append(Segment(text[sub_start:sub_end], sub_start, sub_end, sub_pos, False))
    segments.sort(key=lambda s: (s.pos, s.end - s.start))
    return tuple(segments)


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer that segments Chinese with jieba and keeps other words whole.

    With ``units_only`` it yields just the unit segments, which is what a phrase
    query needs.
    """

    def __init__(self, units_only: bool = False) -> None:
        self.units_only = units_only

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.units_only == other.units_only

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            parts = [(0, value, 1.0)]
        elif PART_SEPARATOR in value or BOOST_SEPARATOR in value:
            parts = _weighted_parts(value)
        else:
            parts = [(0, value, 1.0)]
        pos_offset = start_pos
        for char_offset, text, boost in parts:
            segments = _segment(text) if tokenize else [Segment(text, 0, len(text), 0, True)]
            last_pos = -1
            for seg in segments:
                last_pos = max(last_pos, seg.pos)
                if self.units_only and not seg.is_unit:
                    continue
                token.text = seg.text
                token.boost = boost
                token.stopped = False
                if keeporiginal:
                    token.original = seg.text
                if positions:
                    token.pos = pos_offset + seg.pos
                if chars:
                    token.startchar = start_char + char_offset + seg.start
                    token.endchar = start_char + char_offset + seg.end
                yield token
            pos_offset += last_pos + 1 + PART_POSITION_GAP


def ChineseAnalyzer(units_only: bool = False) -> Analyzer:  # noqa: N802 (named like whoosh's analyzer factories)
    """Jieba segmentation, lowercasing and English stemming, for full-text fields."""
    return JiebaTokenizer(units_only=units_only) | LowercaseFilter() | StemFilter()


def AutocompleteAnalyzer() -> Analyzer:  # noqa: N802
    """Words cut into leading n-grams (``公``, ``公约``; ``j``, ``ja``…), unstemmed."""
    return (
        JiebaTokenizer()
        | LowercaseFilter()
        | NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX_CHARS, at="start")
    )


def AutocompleteQueryAnalyzer() -> Analyzer:  # noqa: N802
    """How an autocomplete query is read: whole words, lowercased, unstemmed."""
    return JiebaTokenizer() | LowercaseFilter()
