"""
The house's rooms: the project package holds configuration only, each import runs down the house
(accounts and causes never import intake, core imports no app), and each name said once stays
said once (the patient fields that log privacy redacts, the sign-in page's carried field).
"""

import ast
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models
from django.test import RequestFactory

from intake.kept_answers import REFERENCE_FIELD
from intake.log_privacy import PATIENT_FIELDS, RedactPatientData
from intake.models import ANSWER_FIELDS, Intake

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "causes", "clinic", "core", "intake")
# What each app may never import: the house's order, lowest first.
NEVER_IMPORTS = {
    "clinic": {"django", "accounts", "causes", "core", "intake", "footdrop_site"},
    "core": {"accounts", "intake", "footdrop_site"},
    "accounts": {"causes", "intake", "footdrop_site"},
    "causes": {"intake", "footdrop_site"},
    "intake": {"footdrop_site"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_project_package_holds_settings_urls_wsgi_and_asgi_only():
    modules = {path.name for path in (ROOT / "footdrop_site").glob("*.py")}
    assert modules == {"__init__.py", "settings.py", "urls.py", "wsgi.py", "asgi.py"}


@pytest.mark.parametrize("app", APPS)
def test_imports_run_down_the_house(app):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        wrong = imported_packages(path) & NEVER_IMPORTS[app]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def identifying(field: models.Field) -> bool:
    """An answer that can name a patient: free text or a date (choices, flags and grades cannot)."""
    free_text = isinstance(field, models.CharField | models.TextField) and not field.choices
    return free_text or (isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField))


def test_every_identifying_answer_of_the_intake_is_a_patient_field_log_privacy_knows():
    fields = [Intake._meta.get_field(name) for name in ANSWER_FIELDS]
    missing = [field.name for field in fields if identifying(field) and field.name not in PATIENT_FIELDS]
    assert not missing, f"log privacy would not redact: {missing}"


@pytest.mark.parametrize("name", PATIENT_FIELDS)
def test_each_patient_field_is_redacted_from_a_request_log(name):
    value = "1961-03-27" if name == "date_of_birth" else f"Identifying {name} value"
    request = RequestFactory().post("/intake/new/", {name: value})
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Failed with %s", (value,), None)
    record.request = request
    assert RedactPatientData().filter(record)
    assert value not in record.getMessage()


def test_the_sign_in_pages_carried_field_is_named_once_and_masked_in_failed_sign_in_records():
    assert REFERENCE_FIELD in settings.AXES_SENSITIVE_PARAMETERS
    template = (ROOT / "templates" / "registration" / "login.html").read_text()
    assert REFERENCE_FIELD not in template
