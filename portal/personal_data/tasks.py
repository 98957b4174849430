from django_tasks import task


@task()
def prepare_export(export_id, language=None):
    """Prepare one "my data" archive (queued by ``services.request_export``). Takes the
    export's id, never the person's: the task table holds nothing about them."""
    from .models import PersonalDataExport
    from .services import prepare

    export = PersonalDataExport.objects.filter(pk=export_id).select_related("user").first()
    if export is not None and not export.is_ready:  # the account may be gone meanwhile
        prepare(export, language)
