"""Discussion: one django-comments-xtd configuration for every commentable object.

Matters, covenant clauses and association minutes all use this; nothing here is specific to
any of them.

Making a model commentable
--------------------------
1. Say who may comment, in the model's app ``rules.py``, as ``<app_label>.comment_<model_name>``
   (the object is passed to the predicate)::

       rules.add_perm("governance.comment_matter", is_verified_resident_of & phase_allows_comments)

   A model whose app defines no such permission is closed: nobody may comment. Only signed-in
   users ever comment (as superusers pass every ``has_perm``, they may comment wherever the
   permission exists). Optionally the model may define ``discussion_closed_reason(user)``
   returning the sentence shown to a signed-in user who may not comment (default
   "Comments are closed.").

   Everything done with a comment — reading it, posting, replying, liking, flagging,
   following, moderating — first asks whether the person may read the commented object:
   its read permission, ``<app_label>.view_<model_name>`` or the model's ``read_permission``
   (a live, public Wagtail page needs none; see ``portal.access.can_read``). An object they
   may not read is a 404, exactly like one that does not exist. Moderators moderate objects
   of their own community (``portal.boundary``: the model's ``community`` field or
   ``community_path``); comments on objects of no community are for superusers.
2. The model must have ``get_absolute_url()`` (Wagtail pages use their ``url``): links in
   notifications and redirects after posting point there, with ``#c<comment id>``.
3. In its template::

       {% load discussion_tags %}
       {% discussion obj %}

   renders the count, the thread (two reply levels; hidden comments as a placeholder, shown
   to moderators), like/report/reply buttons, the follow toggle and the comment form, or the
   reason the user may not comment. Everything works without JavaScript.
4. In lists, count comments for many objects in one query::

       from portal.discussion.services import comment_counts
       counts = comment_counts(clauses)            # {pk: count}, a queryset or a list
       {% comment_count clause counts %}           # in the template (0 when absent)

   ``{% comment_count obj %}`` alone costs one query. ``{{ text|safe_markdown }}`` renders
   plain text / the safe Markdown subset used for comments, for other user text too.
5. Demo data and imports: ``services.add_comment(obj, user, text, parent=None)`` posts like
   the form does (validation, depth guard, follow, notifications) without a request.

Behaviour (``services.py``)
---------------------------
- Posting (``/comments/post/``, also the target of django-comments' ``{% comment_form_target %}``)
  asks the permission on the server; a reply beyond ``COMMENTS_XTD_MAX_THREAD_LEVEL`` gets a
  clear message and saves nothing. comments-xtd's own URL set is not mounted.
- Authors follow the discussion automatically; anyone who may comment can follow or unfollow.
  New comments notify followers and the parent comment's author through
  ``portal.notifications.notify`` (delivery is queued after commit).
- ``YISHI_COMMENT_FLAG_THRESHOLD`` distinct reports hide a comment until a moderator reviews it.
  Moderators (``portal.moderate_comment``: community staff, for objects of their community)
  hide or restore with a reason at ``/comments/moderation/`` (also in the Wagtail admin menu),
  which lists their own community's comments only; the author is told and each decision is
  kept as a ``CommentModeration``. The rules on comments are in ``rules.py``.
"""
