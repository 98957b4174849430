"""What a page shows, built by its app's selectors without the page model importing them.

A page's context is a read that needs the app's models, forms and permissions: it lives
in the app's ``selectors.py``, which imports the models. Were the model to import the
selectors back, the two would form an import circle. Instead the page type takes
``SelectorContext`` among its bases, and the selectors say which page types they serve::

    # governance/selectors.py
    @page_context.provides(SessionPage)
    def session_context(request, session): ...

The app's ``AppConfig.ready()`` imports its selectors, so they are registered before the
first page is served (or previewed).
"""

_builders = {}


def provides(*page_types):
    """Register the decorated ``builder(request, page) → dict`` for ``page_types``."""

    def register(builder):
        for page_type in page_types:
            _builders[page_type] = builder
        return builder

    return register


def context_for(request, page):
    """The extra context registered for ``page``'s type (or its nearest base), else ``{}``."""
    for page_type in type(page).__mro__:
        builder = _builders.get(page_type)
        if builder is not None:
            return builder(request, page)
    return {}


class SelectorContext:
    """A page type whose ``get_context`` adds what its app's selectors provide."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(context_for(request, self))
        return context
