"""The text read aloud by the server: espeak-ng's Mandarin voice (``-v cmn``), encoded as
Opus at a speech bitrate (opus-tools' ``opusenc``, 12 kbit/s mono: about 90 KB a minute).

Made once per text version: a file is named by a hash of the text (and of the voice
settings), so a changed text gets a new file and an unchanged one is never made twice.
A page that shows the text asks for it (``prepare``) and never waits: the text is written
beside where the audio will be, and a background task (django-tasks) makes the audio.
Files are kept under ``PRIVATE_MEDIA_ROOT/reach-audio`` and served by ``views.audio``
only: the name, a hash of the text, cannot be guessed by anyone who cannot read it.
"""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

VOICE = ("espeak-ng", "-v", "cmn", "-s", "150")
ENCODE = ("opusenc", "--quiet", "--speech", "--bitrate", "12", "--downmix-mono")
SUFFIX = ".opus"
CONTENT_TYPE = "audio/ogg; codecs=opus"
RECIPE = "espeak-ng cmn 150 / opus 12k speech"  # change it to make every file again
MAX_CHARACTERS = 20000
DIGEST = re.compile(r"^[0-9a-f]{40}$")

_UNREAD = re.compile(r"<(rt|rp|script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html):
    """What is read aloud from rendered ``html``: its text, without the pinyin."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", _UNREAD.sub("", str(html))))).strip()


def digest(text):
    return hashlib.sha256(f"{RECIPE}\n{text}".encode()).hexdigest()[:40]


def folder():
    return Path(settings.PRIVATE_MEDIA_ROOT) / "reach-audio"


def audio_path(key):
    return folder() / f"{key}{SUFFIX}"


def text_path(key):
    return folder() / f"{key}.txt"


def is_ready(key):
    return audio_path(key).exists()


def prepare(text):
    """The key of ``text``'s audio; asks for it to be made when it is not there yet (once:
    a second page view meanwhile does not queue it again). Never waits for it."""
    text = text[:MAX_CHARACTERS]
    key = digest(text)
    if is_ready(key) or not text:
        return key
    if cache.add(f"reach:audio:{key}", 1, timeout=600):
        _write(text_path(key), text.encode())
        from .tasks import make_audio

        make_audio.enqueue(key)
    return key


def make(key):
    """Make the audio for the text kept under ``key`` (the task's work). False when there
    is nothing to make it from or it is there already."""
    source = text_path(key)
    if is_ready(key) or not source.exists():
        return False
    _write(audio_path(key), synthesize(source.read_text()))
    source.unlink(missing_ok=True)
    return True


def synthesize(text):
    """``text`` read by espeak-ng and encoded as Opus (bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "speech.wav")
        out = os.path.join(tmp, "speech.opus")
        subprocess.run(
            [*VOICE, "-w", wav, "--stdin"],
            input=text.encode(),
            check=True,
            capture_output=True,
            timeout=300,
        )
        if shutil.which(ENCODE[0]) is None:
            raise RuntimeError("opusenc (Debian package opus-tools) is not installed")
        subprocess.run([*ENCODE, wav, out], check=True, capture_output=True, timeout=300)
        return Path(out).read_bytes()


def _write(path, data):
    """Write ``data`` whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    os.replace(tmp, path)
