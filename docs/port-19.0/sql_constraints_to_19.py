#!/usr/bin/env python3
"""Rewrite Odoo <=18 ``_sql_constraints = [(name, definition, message), ...]``
into 19.0 class attributes ``_<name> = models.Constraint(definition, message)``.

Usage: python3 sql_constraints_to_19.py FILE.py [...]
The constraint keeps its database name (``<table>_<name>``): an upgraded
database keeps its constraint (19.0 drops and re-adds it only if the
definition differs). Needs ``from odoo import models`` in the file (always the
case for a model file). Run ruff format afterwards.
"""

import ast
import sys


def convert(path):
    src = open(path, encoding="utf-8").read()
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for stmt in node.body:
            if not (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id == "_sql_constraints"
            ):
                continue
            indent = " " * stmt.col_offset
            out = []
            for elt in stmt.value.elts:
                name, definition, message = elt.elts
                name_v = ast.literal_eval(name)
                def_src = ast.get_source_segment(src, definition)
                msg_src = ast.get_source_segment(src, message)
                out.append(
                    f"{indent}_{name_v} = models.Constraint(\n"
                    f"{indent}    {def_src},\n"
                    f"{indent}    {msg_src},\n"
                    f"{indent})\n"
                )
            edits.append((stmt.lineno - 1, stmt.end_lineno, "".join(out)))
    for start, end, text in sorted(edits, reverse=True):
        lines[start:end] = [text]
    if edits:
        open(path, "w", encoding="utf-8").write("".join(lines))
    return len(edits)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        if convert(path):
            print("converted", path)
