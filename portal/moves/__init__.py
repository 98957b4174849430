"""Moving between communities: a resident asks, staff of the new community decide.

The profile form cannot set a community. A ``MoveRequest`` (from, to, reason) waits for
staff of the destination community (or a superuser; for a staff account, a superuser only:
staff powers follow the community a superuser assigns). Approving it moves the person,
drops their verified-resident status (they are verified again in the new community),
records since when they live there (``User.community_since``, which the vote's eligibility
reads), writes an audit entry and notifies them. Until then they stay where they were.
"""
