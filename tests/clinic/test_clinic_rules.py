"""The rules table: one table, every rule named once, titled for clinicians, with a named predicate.

Every rule's firing case and near miss live in test_clinic_engine.py (ENGINE_RULE_CASES); a test
there iterates the table, so a rule added without both fails.
"""

import ast
from pathlib import Path

import clinic
from clinic.rules import RULES, RULES_BY_NAME, title
from clinic.vocabulary import SEVERITY

CLINIC = Path(clinic.__file__).parent


def test_every_rule_is_named_once_and_rules_by_name_is_the_table() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert list(RULES_BY_NAME) == names


def test_every_rule_has_a_disposition_a_title_and_a_named_predicate() -> None:
    for rule in RULES:
        assert rule.least in SEVERITY, rule.name
        assert rule.title and rule.title[0].isupper() and "_" not in rule.title, rule.name
        assert rule.when.__name__ != "<lambda>", rule.name


def test_the_audit_reads_titles_and_keeps_unknown_names() -> None:
    assert title("worsening") == "Worsening course"
    assert title("a_rule_retired_long_ago") == "a_rule_retired_long_ago"


def test_the_clinic_package_imports_no_django_and_nothing_of_the_apps() -> None:
    for path in CLINIC.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for module in modules:
                    assert module.split(".")[0] not in ("django", "intake", "causes", "footdrop_site"), (path, module)
