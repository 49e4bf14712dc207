"""Pages and the API load contributions through cfp/queries.py, never on their own.

That helper is where drafts are kept to their authors; a view that queried
``Contribution.objects`` itself could forget it (tests/test_permission_matrix.py
probes every route with a draft; this catches the next route before it exists).
"""

import ast
from pathlib import Path

import microconf

SRC = Path(microconf.__file__).parent
# The web layers: what answers a request.
WEB = [
    path for path in SRC.rglob("*.py")
    if "migrations" not in path.parts
    and (path.name == "views.py" or {"programme", "api"} & set(path.parts))
]  # fmt: skip


def _direct_loads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        loads_itself = (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id == "Contribution"
        ) or (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and getattr(node.args[0], "id", "") == "Contribution"
        )
        if loads_itself:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_the_web_layers_are_where_the_check_looks():
    names = {str(path.relative_to(SRC)) for path in WEB}
    assert {"cfp/views.py", "api/routes.py", "programme/queries.py"} <= names


def test_no_page_or_api_route_loads_contributions_itself():
    assert [hit for path in WEB for hit in _direct_loads(path)] == []
