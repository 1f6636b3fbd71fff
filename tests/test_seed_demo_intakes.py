"""manage.py seed_demo_intakes: invented intakes, referrals and outcomes for a development site."""

import io

import pytest
from django.core.management import CommandError, call_command

from intake.models import Disposition, Intake, Outcome

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    output = io.StringIO()
    call_command("seed_demo_intakes", **({"weeks": 3, "per_week": 5} | options), stdout=output)
    return output.getvalue()


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        seed()
    assert not Intake.objects.exists()


def test_it_files_weeks_of_intakes_referrals_and_outcomes_through_the_services(settings):
    settings.DEBUG = True
    assert "Filed 15 demo intakes" in seed()
    intakes = Intake.objects.all()
    assert intakes.count() == 15
    assert all(intake.suspicions.exists() or intake.level == "unknown" for intake in intakes)
    referred = intakes.filter(disposition=Disposition.EMERGENCY, referral_made_at__isnull=False)
    assert referred.exists()
    assert all(intake.referral_made_at > intake.created_at for intake in referred)
    weeks = {intake.created_at.isocalendar()[:2] for intake in intakes}
    assert len(weeks) >= 3
    assert Outcome.objects.filter(diagnosis="cause").exists()
    assert all(outcome.history.exists() for outcome in Outcome.objects.all())


def test_running_it_again_files_nothing_twice(settings):
    settings.DEBUG = True
    seed()
    assert "Filed 0 demo intakes (15 were there already)" in seed()
    assert Intake.objects.count() == 15


def test_the_audit_page_shows_a_chart_of_the_demo_data(settings, client, clinical_lead):
    settings.DEBUG = True
    seed()
    client.force_login(clinical_lead)
    chart = client.get("/intake/audit/").content.decode().split('id="door-to-referral-chart"')[1]
    assert chart.split("</figure>")[0].count("<svg") == 1


def test_bad_options_are_refused(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="1 or more"):
        seed(weeks=0)
