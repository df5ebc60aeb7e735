"""Every feature's models, imported in one place so the metadata (and Alembic) sees all tables."""

from learning.accounts.models import User, UserRole
from learning.api import models as api_models  # noqa: F401
from learning.audit.models import AuditEntry
from learning.calls import models as calls_models  # noqa: F401
from learning.completion import models as completion_models  # noqa: F401
from learning.enrolment import models as enrolment_models  # noqa: F401
from learning.events import models as events_models  # noqa: F401
from learning.jobs.models import Job
from learning.network import models as network_models  # noqa: F401
from learning.network import talk_models as network_talk_models  # noqa: F401
from learning.platform.cache import CacheGeneration
from learning.platform.settings import Setting
from learning.research import models as research_models  # noqa: F401
from learning.storage.models import StoredFile
from learning.webhooks import models as webhooks_models  # noqa: F401
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
    "Job",
    "Setting",
    "StoredFile",
    "User",
    "UserRole",
    "include_name",
]
