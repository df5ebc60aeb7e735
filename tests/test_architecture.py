"""The shape of the code: features import only the features below them, plug into the ones below
through slots (learning/platform/slots.py), and stay in modules a person can read."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from flask import current_app

from learning import FEATURES, ROOT
from learning.jobs.services import JobKind, Schedule
from learning.platform import cache, slots
from learning.platform.extensions import db

PACKAGE = ROOT / "learning"
# Shared kits every feature may use; they import no feature.
KITS = ("platform", "language", "web")
MAX_LINES = 400

# Not split yet (issue 16 is still open for them): each may shrink, never grow, and leaves this
# list when it is split. A module not listed here may not pass MAX_LINES.
OVER_BUDGET: dict[str, int] = {}

# Function-level imports of our own code that are there on purpose; a new one fails the test.
HIDDEN_IMPORTS: set[str] = {
    # On purpose: create_app loads the wiring (and with it every model) only when an app is
    # built, so that importing any learning.* module stays light.
    "learning imports learning.platform",
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _area(module: str) -> str:
    """The feature or kit a module belongs to; "" for the package's top (create_app, models)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in (*FEATURES, *KITS) else ""


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported learning module, whether inside a function) for each import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING":
                continue  # names for type hints only: no arrow at run time
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                if child.module == "learning":
                    found.extend((f"learning.{a.name}", inner) for a in child.names)
                elif child.module.startswith("learning."):
                    found.append((child.module, inner))
            elif isinstance(child, ast.Import):
                found.extend((a.name, inner) for a in child.names if a.name.startswith("learning."))
            visit(child, inner)

    visit(tree, False)
    return found


def test_every_feature_is_listed_and_plugs_in_through_feature_py():
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - set(KITS)
    packages.discard("translations")
    assert packages == set(FEATURES)
    for name in FEATURES:
        assert (PACKAGE / name / "feature.py").is_file(), name


@pytest.mark.parametrize("name", sorted({p.parent.name for p in PACKAGE.glob("*/__init__.py")}))
def test_package_init_files_only_say_what_the_package_is(name):
    tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
    assert all(
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in tree.body
    ), f"learning/{name}/__init__.py should hold only its docstring"


def test_features_import_only_the_features_below_them():
    rank = {name: index for index, name in enumerate(FEATURES)}
    wrong = []
    for module, path in _modules():
        area = _area(module)
        for imported, _nested in _imports(path):
            target = _area(imported)
            if not area or not target or target == area:
                continue
            if area in KITS:
                if target not in KITS:
                    wrong.append(f"{module} (kit) imports the feature {imported}")
            elif target not in KITS and rank[target] > rank[area]:
                wrong.append(f"{module} ({area}) imports the higher feature {imported}")
    assert wrong == []


def test_no_import_hides_inside_a_function():
    """A function-level import of our own code is how a cycle hides; import at the top."""
    hidden = {
        f"{module} imports {imported}"
        for module, path in _modules()
        for imported, nested in _imports(path)
        if nested
    }
    assert hidden - HIDDEN_IMPORTS == set()
    assert HIDDEN_IMPORTS - hidden == set(), "moved to the top: take them off HIDDEN_IMPORTS"


def test_no_module_is_over_the_line_budget():
    long = {
        str(path.relative_to(ROOT)): count
        for _module, path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    grown = {
        name: count for name, count in long.items() if count > OVER_BUDGET.get(name, MAX_LINES)
    }
    assert grown == {}
    assert set(OVER_BUDGET) - set(long) == set(), "split: take them off OVER_BUDGET"


def test_importing_models_loads_no_web_layer():
    """Any feature's models can be imported (by a command, a migration, another feature's
    service) without loading routes, blueprints or the app's wiring."""
    names = [m for m, _ in _modules() if m.endswith(".models")]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "web = [m for m in sys.modules if m.startswith('learning.') and "
        "m.rsplit('.', 1)[-1] in ('routes', 'blueprint', 'feature', 'wiring')"
        " or '.routes.' in m]\n"
        "print(web)\n"
    )
    for name in names:
        done = subprocess.run(
            [sys.executable, "-c", script.replace(repr(names), repr([name]))],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.strip() == "[]", (name, done.stdout)


# What the app create_app builds has in each slot: filled by the features above its owner.
EXPECTED_SLOTS = {
    "storage.file_access": {
        "material",
        "cover",
        "research",
        "csv-import",
        "probe",
        "export",
        "event-cover",
        "event-material",
        "call-answer",
        "call-document",
        "call-letter",
        "call-placement",
        "network-logo",
    },
    "accounts.address_proven": ["enrolment", "events"],
    "accounts.deleting": ["events", "events", "calls", "network", "api", "webhooks"],
    "accounts.profile_links": ["api"],
    "core.home_panels": ["completion"],
    "core.home_sections": ["research", "workshops", "events"],
    "core.navigation_counts": {"research.curation"},
    "core.navigation_entries": ["calls", "network"],
    "research.output_usage": ["workshops"],
    "research.output_panels": ["events", "network"],
    "events.event_panels": ["network"],
    "events.speaker_profiles": ["network"],
    "enrolment.my_learning_panels": ["events"],
    "completion.certificate_lookup": ["events"],
    "workshops.catalogue_seats": ["enrolment"],
    "workshops.editions": ["enrolment"],
    "workshops.workshop_panels": ["completion"],
    "workshops.editor_links": ["enrolment", "completion"],
    "workshops.lesson_links": {"quiz"},
    "workshops.lesson_panels": ["completion"],
    "workshops.lesson_ticks": ["completion"],
    "enrolment.my_learning_progress": ["completion"],
    "enrolment.my_learning_certificates": ["completion"],
    "enrolment.calendar_entries": ["events"],
    "jobs.kinds": {
        "enrolment.import",
        "enrolment.roster_export",
        "enrolment.announcement",
        "enrolment.reminders",
        "enrolment.purge_imports",
        "completion.report_export",
        "completion.certificates_zip",
        "events.cancelled",
        "calls.decisions",
        "events.offers",
        "events.mailing",
        "events.certificates",
        "research.reindex",
        "admin.enrolments_export",
        "storage.gc",
        "accounts.purge_sign_ins",
        "jobs.purge_exports",
        "network.digest",
        "webhooks.deliver",
    },
    "jobs.schedule": {
        "jobs.purge_exports",
        "enrolment.reminders",
        "enrolment.purge_imports",
        "storage.gc",
        "accounts.purge_sign_ins",
        "network.digest",
        "events.offers",
        "webhooks.deliver",
    },
}


def _feature_of(value: object) -> str:
    if isinstance(value, Schedule):
        value = slots.JOB_KINDS.get(value.kind)
    if isinstance(value, JobKind):
        value = value.run
    if isinstance(value, slots.Panel | slots.Section):
        value = value.context
    if isinstance(value, slots.Count):
        value = value.count
    if isinstance(value, slots.NavEntry):
        value = current_app.view_functions[value.endpoint]
    return getattr(value, "__module__", "").split(".")[1]


def test_every_slot_is_filled_by_the_features_above_its_owner(app):
    assert set(EXPECTED_SLOTS) == set(slots.SLOTS)
    rank = {name: index for index, name in enumerate(FEATURES)}
    for name, slot in slots.SLOTS.items():
        with app.app_context():
            if slot.keyed:
                assert set(slot.keys()) == EXPECTED_SLOTS[name], name
            else:
                assert [_feature_of(v) for v in slot.fillings()] == EXPECTED_SLOTS[name], name
            for value in slot.fillings():
                assert rank[_feature_of(value)] > rank[slot.owner], (name, value)


def test_a_slot_refuses_a_wrong_kind_of_filling(app):
    with pytest.raises(ValueError):
        slots.FILE_ACCESS.fill(app, lambda user, row: slots.Slot, key=None)
    with pytest.raises(ValueError):
        slots.OUTPUT_USAGE.fill(app, list, key="x")
    with pytest.raises(ValueError):
        slots.declare("storage.file_access", "storage", "twice")


# Tables no kept page is made from, and why: a new table must be watched (next to its model,
# learning/platform/cache.py ``watch``/``watch_people``) or named here.
UNWATCHED = {
    "api_tokens": "read by the tokens page and bearer authentication, never kept",
    "audit_log": "append-only; only the admin's audit page reads it, never kept",
    "cache_generations": "the cache's own bookkeeping",
    "call_scores": "review and ranking pages read scores live, never kept",
    "enrolment_imports": "read only by the import pages, never kept",
    "jobs": "job pages and the admin list read it live, never kept",
    "network_blocks": "moderation pages and posting read it live, never kept",
    "network_follows": "the feed, digest and follow buttons read it live, never kept",
    "network_messages": "written and e-mailed, read only by reports and exports",
    "network_moderation_actions": "the moderation log is read live, never kept",
    "network_post_revisions": "a post's history page reads it live, never kept",
    "network_posts": "discussion pages are read live, never kept",
    "network_reports": "the moderation queue reads it live, never kept",
    "network_talk_settings": "read live when mentioning, writing or sending digests",
    "network_threads": "discussion pages and panels are read live, never kept",
    "research_hits": "download and view counts, read by the dashboard, never kept",
    "session_reminders": "what reminders were sent, read by the reminder command only",
    "stored_files": "file rows are read with the rows that point at them, which are watched",
    "webhook_deliveries": "the delivery log is read live by staff, never kept",
    "webhook_endpoints": "the webhook pages and the sender read them live, never kept",
}


def test_every_table_is_watched_by_the_cache_or_said_not_to_be(app):
    watched = set(cache._TABLES) | set(cache._PERSON_TABLES)
    tables = set(db.metadata.tables)
    assert tables - watched - set(UNWATCHED) == set(), "watch it, or say why not in UNWATCHED"
    assert set(UNWATCHED) & watched == set()
    assert set(UNWATCHED) <= tables
