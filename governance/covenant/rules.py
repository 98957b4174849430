"""Who may do what with the residents' covenant (django-rules)."""

import rules

from portal.rules import is_member_of_community, is_staff_of_community


@rules.predicate
def is_public_version(user, version):
    return version.is_public


@rules.predicate
def is_version_in_force(user, version):
    return version.is_in_force


@rules.predicate
def is_open_for_comment(user, clause):
    return clause.is_open_for_comment


@rules.predicate
def is_in_force_clause(user, clause):
    in_force = clause.covenant.version_in_force
    return in_force is not None and clause.texts.filter(version=in_force).exists()


# Versions (the object is a CovenantVersion). "read", not "view": Django's model permission
# covenant.view_covenantversion is asked without an object by the Wagtail admin.
rules.add_perm("covenant.read_covenantversion", is_public_version | is_staff_of_community)
rules.add_perm("covenant.adopt_covenantversion", is_member_of_community & is_version_in_force)
# Staff: drafts, who adopted, consultation comments, starting the next draft.
rules.add_perm("covenant.review_covenantversion", is_staff_of_community)

# Clauses (the object is a Clause).
rules.add_perm("covenant.comment_clause", is_member_of_community & is_open_for_comment)
rules.add_perm("covenant.amend_clause", is_member_of_community & is_in_force_clause)
