"""Every feature's models, imported in one place so the metadata (and Alembic) sees all tables."""

from learning.accounts.models import User, UserRole
from learning.audit.models import AuditEntry
from learning.completion import models as completion_models  # noqa: F401
from learning.enrolment import models as enrolment_models  # noqa: F401
from learning.platform.cache import CacheGeneration
from learning.platform.settings import Setting
from learning.research import models as research_models  # noqa: F401
from learning.storage.models import StoredFile
from learning.workshops import models as workshops_models  # noqa: F401

# Tables the migrations create but no model describes: the full-text index (FTS5 makes shadow
# tables research_fts_data, _idx, …). Alembic's comparison must leave them alone.
UNMODELLED_TABLE_PREFIXES = ("research_fts",)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic filter: compare every table except the unmodelled ones (and their indexes)."""
    if type_ == "table" and name:
        return not name.startswith(UNMODELLED_TABLE_PREFIXES)
    if type_ == "index" and name:
        return not name.startswith(("ix_research_fts", "research_fts"))
    return True


__all__ = [
    "AuditEntry",
    "CacheGeneration",
    "Setting",
    "StoredFile",
    "User",
    "UserRole",
    "include_name",
]


def _watch_cached_kinds() -> None:
    """Which tables each kind of cached fragment is made from (learning/platform/cache.py)."""
    from learning.completion import models as completion
    from learning.enrolment.models import CalendarToken, EditionSession, EnrolmentInvitation
    from learning.platform import cache
    from learning.research import models as research
    from learning.workshops import models as workshops

    cache.watch(
        "workshops",
        workshops.Workshop, workshops.WorkshopTranslation, workshops.WorkshopTag,
        workshops.workshop_trainers, workshops.Module, workshops.ModuleTranslation,
        workshops.Lesson, workshops.LessonTranslation, workshops.Material,
        workshops.MaterialVersion, workshops.Edition, workshops.Enrolment, EditionSession,
        EnrolmentInvitation,
        completion.QuizSettings, completion.QuizQuestion, completion.QuizChoice,
        completion.AcceptedAnswer, completion.CompletionRule,
    )  # fmt: skip
    cache.watch(
        "research",
        research.ResearchOutput, research.ResearchVersion, research.ResearchText,
        research.ResearchCreator, research.ResearchVersionFile, research.ResearchFacet,
    )  # fmt: skip
    cache.watch("settings", Setting)
    # A person's own records, and for those of an edition, that edition's (roster, report).
    cache.watch_people(CalendarToken)
    cache.watch_people(workshops.Enrolment, group="edition_id")
    cache.watch_people(
        completion.LessonCompletion, completion.QuizAttempt, completion.Attendance,
        completion.Completion, completion.Certificate, completion.SurveyResponse,
        column="enrolment_id", owners=workshops.Enrolment, group="edition_id",
    )  # fmt: skip
    # The signed-in person as kept between requests (accounts.services.load_session_user).
    cache.watch_people(User, column="id")
    cache.watch_people(UserRole)
    # What rosters and reports show of a person: a change renews every person's kept pages.
    cache.watch("people", User, columns=("name", "email", "country", "organisation"))


_watch_cached_kinds()
