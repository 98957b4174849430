"""Install one more app for a test, as if it had been in ``INSTALLED_APPS`` from the start.

Django's ``override_settings(INSTALLED_APPS=...)`` rebuilds the whole app registry and so
runs every app's ``ready()`` again; Wagtail's redirects app mounts its API router there,
which django-ninja refuses to do twice. So ``install_app`` adds the one app the way
``apps.populate`` does (its config, its models, its ``ready()``), repeats the start-up
registrations other apps make for every model (search signals, Wagtail's page types),
changes ``settings.INSTALLED_APPS`` with the signal Django sends for it, and reloads the
root URLconf, which mounts each capability's URLs when it is imported. Leaving undoes
all of it, except that the app's model classes stay imported (as with Django's own
override). The app's tables are the caller's: ``migrate <label>`` and ``migrate <label>
zero`` in a transactional test.
"""

import importlib
from contextlib import contextmanager

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signals import setting_changed
from django.urls import clear_url_caches
from modelsearch.signal_handlers import register_signal_handlers
from wagtail.models import Page, get_page_models
from wagtail.models.pages import PAGE_MODEL_CLASSES


@contextmanager
def install_app(entry):
    """Add ``entry`` (an app module or AppConfig path) to INSTALLED_APPS while inside."""
    config = AppConfig.create(entry)
    config.apps = apps
    apps.app_configs[config.label] = config
    installed = settings.INSTALLED_APPS
    try:
        config.import_models()
        apps.clear_cache()
        page_models = [model for model in config.get_models() if issubclass(model, Page)]
        PAGE_MODEL_CLASSES.extend(m for m in page_models if m not in PAGE_MODEL_CLASSES)
        _forget_page_type_rules()
        register_signal_handlers()
        config.ready()
        _set_installed_apps([*installed, entry], enter=True)
        yield config
    finally:
        del apps.app_configs[config.label]
        apps.clear_cache()
        for model in config.get_models() if config.models is not None else ():
            if model in PAGE_MODEL_CLASSES:
                PAGE_MODEL_CLASSES.remove(model)
        _forget_page_type_rules()
        ContentType.objects.clear_cache()
        _set_installed_apps(installed, enter=False)


def _set_installed_apps(value, enter):
    settings.INSTALLED_APPS = value
    setting_changed.send(
        sender=type(settings._wrapped), setting="INSTALLED_APPS", value=value, enter=enter
    )
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


def _forget_page_type_rules():
    """Wagtail keeps each page type's allowed parents and children once worked out."""
    for model in get_page_models():
        model._clean_subpage_models = None
        model._clean_parent_page_models = None
