"""The contract between the core and the apps (issue 19): the design's dependency arrows hold for every
import of every app module (module level and inside functions alike), and the core reads the apps only
through their AppConfig.portal declarations (congress.contrib). No database: parsing and the app registry."""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
APPS = ("congress", "deputies", "proposals", "meetings", "projects", "appointments", "oversight", "reports")
DOMAIN = ("proposals", "meetings", "projects", "appointments", "oversight")

# DESIGN.md, "Apps and how they depend on each other": every app may use congress; projects, appointments and
# oversight use meetings (their votes are Polls held at meetings); reports reads all of them; nothing reads
# reports. deputies is a second base layer (README.md, Architecture): every domain app may use it, it uses only
# congress. The core imports no app.
ALLOWED = {
    "congress": set(),
    "deputies": {"congress"},
    "proposals": {"congress", "deputies"},
    "meetings": {"congress", "deputies"},
    "projects": {"congress", "deputies", "meetings"},
    "appointments": {"congress", "deputies", "meetings"},
    "oversight": {"congress", "deputies", "meetings"},
    "reports": {"congress", "deputies", *DOMAIN},
}
# reports only reads the others: it never imports the modules that write (DESIGN.md: services.py holds
# writes and state transitions) or run them.
WRITERS = ("services", "tasks", "forms", "admin", "views")

# Imports against the arrows not fixed yet: (importing file, imported module) -> why. Shrink it; an entry
# whose import is gone fails the test below, so the list stays true.
KNOWN_EXCEPTIONS = {}
# Import circles between the portal's modules (most work only through imports hidden in functions): each
# listed as its strongly connected set of modules, with why. Empty: keep it so.
KNOWN_CIRCLES: dict[frozenset, str] = {}


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "tests" not in rel.parts:
                yield app, rel


def module_name(rel: Path) -> str:
    parts = rel.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(rel: Path):
    """(line, imported module) of every import in the file, at any depth; relative imports resolved."""
    package = module_name(rel).split(".") if rel.name == "__init__.py" else module_name(rel).split(".")[:-1]
    for node in ast.walk(ast.parse((ROOT / rel).read_text(encoding="utf-8"), str(rel))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # "from . import x" in the package, "from .models import y" beside it
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module
            yield node.lineno, base
            for alias in node.names:  # "from meetings import services" imports meetings.services
                yield node.lineno, "%s.%s" % (base, alias.name)


def against_the_arrows():
    found = {}
    for app, rel in app_modules():
        for line, target in imports(rel):
            top = target.split(".")[0]
            if top not in APPS or top == app:
                continue
            module = target.split(".")[1] if "." in target else ""
            wrong = top not in ALLOWED[app] or (app == "reports" and top != "congress" and module in WRITERS)
            if wrong:
                key = (rel.as_posix(), ".".join(target.split(".")[:2]))
                found.setdefault(key, []).append(line)
    return found


def test_every_import_follows_the_designs_arrows():
    found = against_the_arrows()
    new = {"%s:%s imports %s" % (k[0], v[0], k[1]) for k, v in found.items() if k not in KNOWN_EXCEPTIONS}
    assert not new, "imports against DESIGN.md's arrows: %s" % sorted(new)
    gone = set(KNOWN_EXCEPTIONS) - set(found)
    assert not gone, "fixed, remove from KNOWN_EXCEPTIONS: %s" % sorted(gone)


def import_circles() -> list[frozenset]:
    """The strongly connected sets (two modules or more) of the graph of imports between portal modules,
        at any depth: ``from a import b`` names the module a.b where there is one, else a; a package the module
    is inside of is no edge (Tarjan's algorithm)."""
    modules = {module_name(rel): rel for _app, rel in app_modules()}

    def resolve(target):
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target

    def edges(module, rel):  # a module's own packages are imported before it anyway: not an edge
        return {t for _l, target in imports(rel) if (t := resolve(target)) and not (module + ".").startswith(t + ".")}

    graph = {m: edges(m, rel) for m, rel in modules.items()}
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_round_a_circle():
    circles = import_circles()
    new = [sorted(c) for c in circles if c not in KNOWN_CIRCLES]
    assert not new, "import circles: %s" % new
    gone = set(KNOWN_CIRCLES) - set(circles)
    assert not gone, "fixed, remove from KNOWN_CIRCLES: %s" % [sorted(c) for c in gone]


def test_the_circle_finder_finds_a_circle(monkeypatch):
    """What the test above trusts: a module pair importing each other (here, by a hidden import) is found."""
    real = imports

    def with_a_circle(rel):
        yield from real(rel)
        if rel.as_posix() == "congress/tasks.py":
            yield 1, "congress.digest"
        if rel.as_posix() == "congress/digest.py":
            yield 1, "congress.tasks"

    monkeypatch.setitem(globals(), "imports", with_a_circle)
    assert frozenset({"congress.tasks", "congress.digest"}) in import_circles()


def test_the_checker_sees_imports_inside_functions():
    """The parser is what the test above trusts: an import hidden in a function counts."""
    assert any(target == "icalendar" for _line, target in imports(Path("congress/feeds.py")))
    assert any(target == "redis" for _line, target in imports(Path("congress/stamp.py")))


def test_the_core_collects_the_apps_through_their_declarations():
    from congress import demo
    from congress.contrib import objects, steps
    from congress.models import Role
    from congress.roles import role_permissions
    from reports.figures import providers, records_for

    assert [p.__module__ for p in providers()] == [
        "deputies.figures",
        "proposals.figures",
        "meetings.figures",
        "projects.figures",
        "appointments.figures",
        "oversight.figures",
        "reports.figures",
    ]
    assert records_for("meetings.standing", 2023) is None  # a meeting count's list is its records
    staff = role_permissions()[Role.STAFF]
    assert {"deputies.deputy", "meetings.meeting", "proposals.proposalrules"} <= set(staff["change"])
    assert "proposals.proposal" in staff["view"] and "proposals.proposal" not in staff["change"]
    assert "meetings.meeting" in role_permissions()[Role.LEADER]["view"]
    order = [f.__module__ + "." + f.__name__ for f in steps("demo")]
    assert order.index("meetings.demo.seed_meetings") < order.index("projects.demo.seed_projects")
    # last, today's work for the demo accounts (congress.demo.LIVE_FROM on)
    assert order[-3:] == [
        "meetings.demo.seed_open_polls",
        "meetings.demo.seed_coming_meetings",
        "proposals.demo.seed_live_work",
    ]
    assert (
        [o for o, _ in steps("demo", with_order=True)][-4]
        < demo.LIVE_FROM
        <= [o for o, _ in steps("demo", with_order=True)][-3]
    )
    assert len(objects("history_dates")) == 7
    assert all(getattr(c, "portal", None) is not None for c in apps.get_app_configs() if c.name in APPS[1:])
    # the calendar feed reads the apps' dated entries through their declarations (congress/feeds.py)
    assert [f.__module__ for f in objects("calendar")] == ["proposals.calendar", "meetings.calendar"]
