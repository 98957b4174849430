"""Reach: the same text for people who read Chinese slowly or not at all.

- ``pinyin``: ``<ruby>`` annotations made on the server (pypinyin, heteronyms resolved by
  phrase), switched on and off by a plain link (``?pinyin=1`` / ``?pinyin=0``) whose choice
  a cookie remembers; the page cache keeps the pinyin variant apart (``cache_variant``).
- ``audio``: the text read aloud by the server's speech engine (espeak-ng's Mandarin voice,
  encoded as Opus), made once per text version in a background task and kept on disk;
  the page's script prefers the phone's own Chinese voice and falls back to this file.

Templates use ``{% load reach_tags %}`` and wrap the main text in
``{% reading %}…{% endreading %}``: the controls (朗读, 拼音, the audio link) come first,
then the text, annotated when the reader chose pinyin. Any app may use it; the portal
names none of them.
"""

COOKIE = "pinyin"


def wants_pinyin(request):
    return request is not None and request.COOKIES.get(COOKIE) == "1"


def cache_variant(request):
    """The part of a cached page's key that tells the pinyin variant apart."""
    return "py" if wants_pinyin(request) else ""
