"""Functions longer than N lines (default 60) in a package: `python benchmarks/checks/long_functions.py newscorpus 60`."""
import ast
import sys
from pathlib import Path

root, limit = Path(sys.argv[1] if len(sys.argv) > 1 else "newscorpus"), int(sys.argv[2]) if len(sys.argv) > 2 else 60
found = 0
for path in sorted(root.rglob("*.py")):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > limit:
            print(f"{path}:{node.lineno} {node.name} {node.end_lineno - node.lineno + 1} lines")
            found += 1
sys.exit(1 if found else 0)
