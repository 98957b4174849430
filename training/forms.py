"""The quiz's admin form: every question must be answerable before anyone can save it.

The rules live in ``answer_problems`` so that the admin form and the model's own
validation (``Quiz.clean``) say the same thing in the same words.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm


def answer_problems(multiple, right_flags):
    """What is wrong with one question's answers (``right_flags``: one bool per answer)."""
    problems = []
    if len(right_flags) < 2:
        problems.append(_("Give the question at least two answers."))
    right = sum(bool(flag) for flag in right_flags)
    if multiple and right == 0:
        problems.append(_("Mark at least one answer as right."))
    elif not multiple and right == 0:
        problems.append(_("Mark the one right answer."))
    elif not multiple and right > 1:
        problems.append(
            _(
                "Only one answer can be right here: untick the others, or tick "
                "“several answers are right”."
            )
        )
    return problems


def _kept_forms(formset):
    """The formset's forms that will be saved: filled in and not marked for deletion."""
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not formset._should_delete_form(form)
    ]


class QuizForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # This form checks the questions and answers it saves (below); the model's own
        # check would see the questions from before the edit.
        self.instance._questions_checked_by_form = True

    def clean(self):
        cleaned_data = super().clean()
        questions = self.formsets.get("questions")
        if questions is None:
            return cleaned_data
        questions.is_valid()  # validates each question and its answers (cached)
        wrong = 0
        for form in _kept_forms(questions):
            choices = form.formsets["choices"]
            choices.is_valid()
            if form.errors or any(choice.errors for choice in choices.forms):
                continue  # their own errors are shown first
            flags = [choice.cleaned_data.get("correct", False) for choice in _kept_forms(choices)]
            problems = answer_problems(form.cleaned_data.get("multiple", False), flags)
            for problem in problems:
                if problem not in form.non_field_errors():  # when validated twice
                    form.add_error(None, problem)
            wrong += bool(problems)
        if wrong:
            raise ValidationError(
                ngettext(
                    "%(count)d question cannot be answered correctly as it stands: see below.",
                    "%(count)d questions cannot be answered correctly as they stand: see below.",
                    wrong,
                )
                % {"count": wrong}
            )
        return cleaned_data
