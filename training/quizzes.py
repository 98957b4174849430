"""Scoring a quiz on the server, from whatever the browser sent.

Answers arrive as ``q<question id>`` → choice ids. Recording an attempt is
``services.submit_quiz``. Anything that does not fit the quiz
(an unknown or foreign choice id, several answers to a single-choice question, text
instead of a number) counts as a wrong answer; it never raises.
"""

from dataclasses import dataclass, field


@dataclass
class Answer:
    question: object
    chosen: list = field(default_factory=list)  # the choices picked, when they were valid
    correct: bool = False


@dataclass
class Result:
    quiz: object
    answers: list

    @property
    def right(self):
        return sum(answer.correct for answer in self.answers)

    @property
    def score(self):
        return round(100 * self.right / len(self.answers)) if self.answers else 0

    @property
    def passed(self):
        return bool(self.answers) and self.score >= self.quiz.pass_mark


def _choice_ids(values):
    ids = set()
    for value in values:
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            return None
    return ids


def score(quiz, data):
    """Score ``data`` (a QueryDict or a dict of lists) against ``quiz``."""
    answers = []
    for question in quiz.questions.all():
        choices = {choice.pk: choice for choice in question.choices.all()}
        picked = _choice_ids(data.getlist(f"q{question.pk}"))
        valid = (
            bool(picked) and picked <= choices.keys() and (question.multiple or len(picked) == 1)
        )
        if not valid:
            answers.append(Answer(question))
            continue
        right = {pk for pk, choice in choices.items() if choice.correct}
        chosen = [choice for pk, choice in choices.items() if pk in picked]
        answers.append(Answer(question, chosen, correct=picked == right))
    return Result(quiz, answers)
