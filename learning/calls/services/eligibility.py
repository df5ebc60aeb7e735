"""The eligibility engine: each rule a call applies, checked against what the applicant has
said (their application, or before they start, their profile), with a verdict and the facts the
reason is worded from (learning/calls/messages.py words it in the reader's language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from learning.calls.models import Call, CallApplication

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass
class Verdict:
    """One rule's outcome for one person: ``state`` is met, not_met or unknown (not answered
    yet); ``accepted`` the keys the rule accepts, ``given`` what the person said."""

    rule: str
    state: str
    accepted: list[str] = field(default_factory=list)
    given: str | None = None

    @property
    def met(self) -> bool:
        """Whether the rule is satisfied."""
        return self.state == MET


def _facts(user: Any, application: CallApplication | None) -> dict[str, Any]:
    """What is known of the person: the application's answers, else their profile."""
    if application is not None:
        return {
            "country": application.country,
            "sector": application.sector,
            "career_stage": application.career_stage,
            "document": application.document_file_id is not None,
            "no_award": application.previous_award,
        }
    return {
        "country": getattr(user, "country", None),
        "sector": getattr(user, "sector", None),
        "career_stage": None,
        "document": None,
        "no_award": None,
    }


def check(call: Call, user: Any, application: CallApplication | None = None) -> list[Verdict]:
    """Every rule of ``call`` checked for ``user`` (from ``application`` when there is one)."""
    facts = _facts(user, application)
    verdicts = []
    for rule in call.rules:
        given = facts.get(rule.rule)
        if rule.rule in ("country", "sector", "career_stage"):
            if not given:
                state = UNKNOWN
            else:
                state = MET if given in rule.values else NOT_MET
            verdicts.append(Verdict(rule.rule, state, rule.values, given))
        elif rule.rule == "document":
            verdicts.append(Verdict(rule.rule, MET if given else UNKNOWN))
        else:  # no_award: the person declares whether they held one
            state = UNKNOWN if given is None else NOT_MET if given else MET
            verdicts.append(Verdict(rule.rule, state))
    return verdicts


def eligible(verdicts: list[Verdict]) -> bool:
    """Whether every rule is met."""
    return all(v.met for v in verdicts)


def excluded(verdicts: list[Verdict]) -> bool:
    """Whether some rule is already known not to be met."""
    return any(v.state == NOT_MET for v in verdicts)
