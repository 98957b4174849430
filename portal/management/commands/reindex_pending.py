"""Index again every object whose indexing failed: ``python manage.py reindex_pending``.

They are also written by the next successful write to their index and by ``update_index``;
run this after fixing an index directory's permissions, or from a timer.
"""

from django.core.management.base import BaseCommand
from modelsearch.backends import get_search_backend

from portal.search.records import PendingReindex


class Command(BaseCommand):
    help = "Index again the objects whose indexing failed (see portal/search/resilient.py)."

    def handle(self, *args, **options):
        before = PendingReindex.objects.count()
        backend = get_search_backend()
        if hasattr(backend, "retry_pending"):
            backend.retry_pending()
        left = PendingReindex.objects.count()
        self.stdout.write(f"Indexed {before - left} object(s); {left} still waiting.")
        if left:
            self.stderr.write("The index still cannot be written: see `manage.py check`.")
