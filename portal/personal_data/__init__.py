""" "My data" and "delete my account": the shared machinery every capability plugs into.

Each app says what it holds about a person in its capability (``portal/capabilities.py``):

- ``personal_data``: ``fn(user) -> dict``: ``{"app_label.Model": [row, …]}``, one key per
  model of the app that points at the person (a key with an empty list when there are no
  rows), each row a dict; ``services.Section(title, rows, labels)`` heads a part in the
  reader's words. ``services.collect`` merges them (the portal's own part,
  ``portal_data``, first) into the archive
  (``data.json`` and a readable ``index.html``), prepared by a background task
  (``tasks.prepare_export``) and offered to the person alone, after a fresh sign-in, for
  ``YISHI_PERSONAL_DATA_EXPORT_DAYS`` days.
- ``erase_personal_data``: ``fn(user)``: erase or anonymise the app's rows about the
  person. ``services.erase`` calls every app's, then deletes the account, in one
  transaction.

``tests/portal/personal_data/`` checks that every model with a foreign key to the user
model is a key of the export and that nothing points at an erased person.
"""
