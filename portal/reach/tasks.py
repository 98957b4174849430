from django_tasks import task


@task()
def make_audio(key):
    """Make the read-aloud audio of one text (queued by ``audio.prepare``). Takes the hash,
    not the text: the task table holds none of it."""
    from . import audio

    audio.make(key)
