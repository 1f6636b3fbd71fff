"""How the engine does on the clinical cases: under-triage, false emergencies and accuracy.

Run it with `.venv/bin/python -m tests.clinic.triage_report` (no Django needed). Under-triage is
a disposition less urgent than the case needs (it must be 0); a false emergency is a case that
needs less than an emergency called one.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from clinic import SEVERITY, assess, rank_causes
from tests.clinic.clinical_cases import CASES, CLOCK, ClinicalCase, load_causes
from tests.clinic.clinical_cases_round3 import ROUND3_CASES


@dataclass(frozen=True)
class Report:
    cases: int
    emergencies: int
    under_triage: tuple[str, ...]
    false_emergencies: tuple[str, ...]
    disposition_right: int
    level_right: int
    top_three_right: int

    def lines(self, title: str) -> list[str]:
        others = self.cases - self.emergencies
        return [
            f"{title}: {self.cases} cases ({self.emergencies} emergencies, {others} not)",
            f"  under-triage: {len(self.under_triage)} of {self.cases}"
            + "".join(f"\n    - {case}" for case in self.under_triage),
            f"  false emergencies: {len(self.false_emergencies)} of {others} non-emergencies"
            f" ({len(self.false_emergencies) / max(others, 1):.1%})"
            + "".join(f"\n    - {case}" for case in self.false_emergencies),
            f"  disposition right: {self.disposition_right}/{self.cases}",
            f"  level right: {self.level_right}/{self.cases}",
            f"  expected cause in the top 3: {self.top_three_right}/{self.cases}",
        ]


def report(cases: Iterable[ClinicalCase]) -> Report:
    causes = load_causes()
    cases = list(cases)
    under, false, disposition, level, top_three = [], [], 0, 0, 0
    for case in cases:
        assessment = assess(case.answers, now=CLOCK)
        if SEVERITY[assessment.disposition] < SEVERITY[case.disposition]:
            under.append(case.id)
        if assessment.disposition == "emergency" and case.disposition != "emergency":
            false.append(case.id)
        disposition += assessment.disposition == case.disposition
        level += assessment.level == case.level
        ranked = [cause.slug for cause in rank_causes(case.answers, assessment, causes, limit=3)]
        top_three += ranked == [] if case.cause is None else case.cause in ranked
    emergencies = sum(case.disposition == "emergency" for case in cases)
    return Report(len(cases), emergencies, tuple(under), tuple(false), disposition, level, top_three)


def main() -> None:
    print("\n".join(report(ROUND3_CASES).lines("Round-3 cases")))
    print("\n".join(report(CASES + ROUND3_CASES).lines("All cases")))


if __name__ == "__main__":
    main()
