"""neuron/ is pure: it never imports streamlit, so it works in a notebook or a terminal."""

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_no_module_in_neuron_imports_streamlit():
    for path in (ROOT / "neuron").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


def test_importing_every_core_module_loads_no_streamlit():
    mods = [p.stem for p in (ROOT / "neuron").glob("*.py") if p.stem != "__main__"]
    code = ("import sys, importlib\n"
            f"for m in {mods!r}: importlib.import_module('neuron.' + m if m != '__init__' "
            "else 'neuron')\n"
            "print(sorted(k for k in sys.modules if k.startswith('streamlit')))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"
