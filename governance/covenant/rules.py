"""Who may do what with the residents' covenant (django-rules).

When — read, comment, adopt, amend — is the version's phase (``phases.py``); who is the
community's residents or staff (``portal.rules``)."""

import rules

from portal.rules import is_member_of_community, is_staff_of_community

from . import phases


def version_allows(action):
    """The version's current phase allows ``action``."""

    @rules.predicate(name=f"version_allows:{action}")
    def predicate(user, version):
        return version is not None and version.allows(action)

    return predicate


def clause_allows(action):
    """A version the clause is part of is in a phase that allows ``action``."""

    @rules.predicate(name=f"clause_allows:{action}")
    def predicate(user, clause):
        return clause is not None and clause.allows(action)

    return predicate


# Versions (the object is a CovenantVersion). "read", not "view": Django's model permission
# covenant.view_covenantversion is asked without an object by the Wagtail admin.
rules.add_perm("covenant.read_covenantversion", version_allows(phases.READ) | is_staff_of_community)
rules.add_perm(
    "covenant.adopt_covenantversion", is_member_of_community & version_allows(phases.ADOPT)
)
# Staff: drafts, who adopted, consultation comments, starting the next draft.
rules.add_perm("covenant.review_covenantversion", is_staff_of_community)

# Clauses (the object is a Clause): readable where one of its versions is.
rules.add_perm("covenant.view_clause", clause_allows(phases.READ) | is_staff_of_community)
rules.add_perm("covenant.comment_clause", is_member_of_community & clause_allows(phases.COMMENT))
rules.add_perm("covenant.amend_clause", is_member_of_community & clause_allows(phases.AMEND))
