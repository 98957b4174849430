"""Who may do what in the population school (django-rules).

Reading courses and lessons needs no account; everything a learner records needs one,
and is private to them. School staff see totals only.
"""

import rules
from django.utils import timezone

from portal.rules import is_school_staff, is_signed_in


@rules.predicate
def class_is_upcoming(user, training_class):
    return training_class is not None and training_class.starts_at > timezone.now()


@rules.predicate
def is_own_certificate(user, certificate):
    return certificate is not None and certificate.enrolment.user_id == user.pk


rules.add_perm("training.enrol_course", is_signed_in)
rules.add_perm("training.complete_lesson", is_signed_in)
rules.add_perm("training.take_quiz", is_signed_in)
rules.add_perm("training.register_class", is_signed_in & class_is_upcoming)
rules.add_perm("training.cancel_registration", is_signed_in & class_is_upcoming)
rules.add_perm("training.see_learning_totals", is_school_staff)
# A certificate's page and PDF are its holder's (anyone may check a code on the verify page).
rules.add_perm("training.view_certificate", is_signed_in & is_own_certificate)
