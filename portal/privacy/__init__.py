"""Privacy: the versioned notice, consent at sign-up and again when a new version comes
into force, separate consent per purpose for sensitive personal information, a guardian's
consent for children, and the retention periods (``retention.py``). What it holds about a
person, for "my data", and how it goes with their account: ``personal_data.py``.

Other apps use ``services.give_sensitive_consent`` / ``has_sensitive_consent`` /
``withdraw_sensitive_consent`` and the view decorator ``decorators.sensitive_consent_required``;
they declare their purposes in their capability (``sensitive_purposes``).
"""
