"""neuron/ is pure: it never imports streamlit, so it works in a notebook or a terminal.

Both checks walk the whole package (subpackages included), so a new module is covered
without being listed here.
"""

import ast
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "neuron"


def test_no_module_in_neuron_imports_streamlit():
    paths = sorted(PACKAGE.rglob("*.py"))
    assert {"datasets.py", "figures.py", "graph.py", "palette.py"} <= {p.name for p in paths}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


def test_importing_every_neuron_module_loads_no_streamlit():
    """Every module of the package, found by pkgutil.walk_packages (``__main__`` aside: it
    runs the command line), imported in a fresh interpreter: no streamlit in sys.modules."""
    code = ("import importlib, json, pkgutil, sys\n"
            "import neuron\n"
            "mods = [m.name for m in pkgutil.walk_packages(neuron.__path__, 'neuron.')\n"
            "        if m.name.rsplit('.', 1)[-1] != '__main__']\n"
            "for m in mods:\n"
            "    importlib.import_module(m)\n"
            "print(json.dumps([mods, sorted(k for k in sys.modules\n"
            "                               if k.split('.')[0] == 'streamlit')]))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    mods, loaded = json.loads(p.stdout.strip().splitlines()[-1])
    assert {"neuron.datasets", "neuron.figures", "neuron.graph", "neuron.palette"} <= set(mods)
    assert loaded == []


def test_only_ui_state_touches_the_session_state():
    """Issue 13: the package ``ui/state/`` is the one place that reads or writes
    st.session_state: ``base.py`` names it ``S``, the other rooms of the package import ``S``
    from there, and the page modules call the package's functions (a widget's key is the
    only trace of the session elsewhere). Every name for it counts: ``st.session_state``,
    ``session_state`` imported, ``S`` imported from the package."""
    paths = sorted((ROOT / "ui").rglob("*.py")) + [ROOT / "app.py"]
    assert {"base.py", "training.py", "stepper.py"} <= {p.name for p in paths}
    rel = {p: p.relative_to(ROOT).as_posix() for p in paths}
    touching = [rel[p] for p in paths if "session_state" in p.read_text()]
    assert touching == ["ui/state/base.py"]
    importing_s = [rel[p] for p in paths if re.search(r"import[^\n]*\bS\b", p.read_text())]
    assert importing_s and all(r.startswith("ui/state/") for r in importing_s)
    assert not [rel[p] for p in paths if re.search(r"\bstate\.S\b", p.read_text())]
