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
import re
import tempfile
import threading
from dataclasses import dataclass

import jieba
from whoosh.analysis import LowercaseFilter, NgramFilter, StemFilter, Token, Tokenizer

#: Longest prefix indexed for autocomplete; longer query words are cut to this length.
AUTOCOMPLETE_MAX_CHARS = 20

_WORD_RE = re.compile(r"\w", re.UNICODE)
_jieba_lock = threading.Lock()
_jieba_ready = False


def setup_jieba(cache_dir=None):
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


def _tile(word_start, word_end, spans):
    """Split ``[word_start, word_end)`` into consecutive ``spans`` (sub-words), or return None."""
    if word_start == word_end:
        return []
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):
        if start == word_start and end <= word_end:
            rest = _tile(end, word_end, spans)
            if rest is not None:
                return [(start, end), *rest]
    return None


def _words(text):
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


def segment(text):
    """Split ``text`` into :class:`Segment` objects, ordered by position then length."""
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
    return segments


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer that segments Chinese with jieba and keeps other words whole.

    With ``units_only`` it yields just the unit segments, which is what a phrase
    query needs.
    """

    def __init__(self, units_only=False):
        self.units_only = units_only

    def __eq__(self, other):
        return type(self) is type(other) and self.units_only == other.units_only

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        segments = segment(value) if tokenize else [Segment(value, 0, len(value), 0, True)]
        for seg in segments:
            if self.units_only and not seg.is_unit:
                continue
            token.text = seg.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = seg.text
            if positions:
                token.pos = start_pos + seg.pos
            if chars:
                token.startchar = start_char + seg.start
                token.endchar = start_char + seg.end
            yield token


def ChineseAnalyzer(units_only=False):  # noqa: N802 (named like whoosh's analyzer factories)
    """Jieba segmentation, lowercasing and English stemming, for full-text fields."""
    return JiebaTokenizer(units_only=units_only) | LowercaseFilter() | StemFilter()


def AutocompleteAnalyzer():  # noqa: N802
    """Words cut into leading n-grams (``公``, ``公约``; ``j``, ``ja``…), unstemmed."""
    return (
        JiebaTokenizer()
        | LowercaseFilter()
        | NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX_CHARS, at="start")
    )


def AutocompleteQueryAnalyzer():  # noqa: N802
    """How an autocomplete query is read: whole words, lowercased, unstemmed."""
    return JiebaTokenizer() | LowercaseFilter()
