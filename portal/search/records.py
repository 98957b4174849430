"""What the database remembers about the search index, so that losing the index's files
loses nothing: objects waiting to be indexed again, and when each index was last built."""

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingReindex(models.Model):
    """An object whose entry in search index ``index`` could not be written (the index
    unwritable, missing or locked). Written again from the database's current state by the
    next successful write to that index, by ``update_index``, or by ``reindex_pending``."""

    index = models.CharField(max_length=150)
    model = models.CharField(max_length=100)  # app_label.modelname
    object_pk = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("object waiting to be indexed")
        verbose_name_plural = _("objects waiting to be indexed")
        constraints = [
            models.UniqueConstraint(
                fields=["index", "model", "object_pk"], name="unique_pending_reindex"
            )
        ]

    def __str__(self):
        return f"{self.model}:{self.object_pk} ({self.index})"


class SearchIndexBuild(models.Model):
    """When index ``index`` was last built in full (``update_index``): if its files are
    missing after that, they were lost, and an empty index must not take their place."""

    index = models.CharField(max_length=150, unique=True)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search index build")
        verbose_name_plural = _("search index builds")

    def __str__(self):
        return f"{self.index} {self.built_at:%Y-%m-%d %H:%M}"


class DatabaseQueue:
    """``PendingReindex`` rows of one index, with the interface of the backend's file queue
    (``portal.search.backend.PendingQueue``), which lives beside the index and is lost or
    unwritable with it."""

    def __init__(self, index_name):
        self.index = index_name

    def _rows(self):
        return PendingReindex.objects.filter(index=self.index)

    def record(self, model, pks):
        label = model._meta.label_lower
        for pk in pks:
            PendingReindex.objects.get_or_create(index=self.index, model=label, object_pk=str(pk))

    def __bool__(self):
        return self._rows().exists()

    def claim(self):
        """Take every entry out of the queue; returns ``{model: {pk, …}}``."""
        with transaction.atomic():
            rows = list(self._rows().values_list("pk", "model", "object_pk"))
            PendingReindex.objects.filter(pk__in=[row[0] for row in rows]).delete()
        entries = {}
        for _pk, label, object_pk in rows:
            entries.setdefault(label, set()).add(object_pk)
        return {apps.get_model(label): pks for label, pks in entries.items()}

    def clear(self):
        self._rows().delete()


def mark_built(index_name):
    SearchIndexBuild.objects.update_or_create(
        index=index_name, defaults={"built_at": timezone.now()}
    )


def was_built(index_name):
    return SearchIndexBuild.objects.filter(index=index_name).exists()
