"""What completion's errors, funnel steps and certificate languages say, in the reader's
language."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

MESSAGES = {
    "not_markable": _l(
        "Quizzes are completed by passing them and live sessions by attending; they cannot be "
        "marked by hand."
    ),
    "not_quiz": _l("This lesson is not a quiz."),
    "not_live": _l("This lesson is not a live session."),
    "no_questions": _l("This quiz has no questions yet. Come back later."),
    "foreign_question": _l(
        "The answers do not belong to this quiz. Reload the quiz and answer its questions."
    ),
    "bad_choice": _l("One of the answers is not an option of its question. Choose from the list."),
    "no_attempts_left": _l(
        "You have used every attempt allowed for this quiz. Your best score counts."
    ),
    "bad_pass_mark": _l("Enter a pass mark from 0 to 100."),
    "bad_attempts": _l("Enter a number of attempts from 1 to 100, or leave it empty."),
    "bad_role": _l("Choose pre-test, post-test or no."),
    "bad_reveal": _l("Choose when participants see the right answers from the list."),
    "role_taken": _l(
        "Another quiz of this workshop already has this role. A workshop has at most one "
        "pre-test and one post-test."
    ),
    "bad_question_kind": _l("Choose a kind of question from the list."),
    "prompt_missing": _l("Write the question in at least one language."),
    "choices_missing": _l("Give at least two choices, one per line."),
    "correct_missing": _l("Mark at least one correct choice with an asterisk (*)."),
    "single_one_correct": _l("A single-choice question has exactly one correct choice."),
    "accepted_missing": _l("Give at least one accepted answer."),
    "other_edition": _l("This session belongs to another workshop."),
    "not_enrolled": _l(
        "One of the people marked is not enrolled in this edition (or enrolled after the "
        "session). Reload the page and try again."
    ),
    "bad_status": _l("Choose present, late, absent or excused."),
    "bad_threshold": _l("Enter a percentage from 0 to 100, or leave it empty."),
    "reason_missing": _l("Give a reason for revoking the certificate."),
    "already_revoked": _l("This certificate was already revoked."),
    "bad_language": _l("Choose Spanish, English or both languages."),
    "not_completed": _l("The survey opens once you have completed the workshop."),
    "already_answered": _l("You have already answered the survey. Thank you."),
    "bad_rating": _l("Choose a rating from 1 to 5."),
    "comment_too_long": _l("Write at most 2000 characters."),
}

FUNNEL_LABELS = {
    "enrolled": lazy_pgettext("funnel", "Enrolled"),
    "started": lazy_pgettext("funnel", "Started"),
    "halfway": lazy_pgettext("funnel", "Half way"),
    "completed": lazy_pgettext("funnel", "Completed"),
}
CERTIFICATE_LANGUAGE_LABELS = {
    "es": _l("Spanish"),
    "en": _l("English"),
    "bilingual": _l("Spanish and English"),
}
