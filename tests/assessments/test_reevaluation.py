"""Re-evaluation when the law changes: dated rules crossing 7 Aug 2027 (the SoHO Regulation's date
of application) and a new ruleset version; the new advice beside the saved one, the difference
in words with the rules that caused it, idempotent runs, one e-mail per organisation."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership
from assessments import services
from assessments.models import AdviceRevision, Assessment, HistoryEntry
from assessments.reevaluation import reevaluate_all, reevaluation_notice_send
from tests.products import CAR_T, HSC

from .records import approved, confirmed, member

pytestmark = pytest.mark.django_db

DAY_BEFORE, SOHO_DAY = date(2027, 8, 6), date(2027, 8, 7)


@pytest.fixture
def reevaluate(django_capture_on_commit_callbacks):
    """Runs a re-evaluation and then what it queued after commit (the e-mail tasks): the test's
    transaction never commits, so the callbacks are run when the run returns."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reevaluate_all(**kwargs)

    return run


@pytest.fixture
def hsc(organisation, alice):
    return confirmed(organisation, alice, answers=HSC, name="HSC graft")


@pytest.fixture
def car_t(organisation, alice):
    return confirmed(organisation, alice, answers=CAR_T, name="CAR-T 19")


def test_the_day_before_the_soho_regulation_nothing_changes(hsc, car_t, reevaluate):
    summary = reevaluate(on=DAY_BEFORE)
    assert summary.evaluated == 2 and summary.revisions == 0
    assert not AdviceRevision.objects.exists() and not mail.outbox


def test_from_7_august_2027_the_graft_falls_under_the_soho_regulation(hsc, car_t, reevaluate):
    saved = Assessment.objects.get(pk=hsc.pk).advice
    summary = reevaluate(on=SOHO_DAY)
    assert summary.evaluated == 2 and summary.revisions == 2
    assert summary.changed == {hsc.organisation_id: [hsc.pk]}
    revision = AdviceRevision.objects.get(assessment=hsc)
    assert revision.changed and revision.evaluated_on == SOHO_DAY
    assert [change["field"] for change in revision.changes] == ["eu_framework"]
    assert "2024/1938" in revision.changes[0]["after"] and "2004/23" in revision.changes[0]["before"]
    assert "EU-CLS-8.SoHO" in revision.rules_added and "EU-CLS-8" in revision.rules_removed
    assert revision.advice["eu"]["framework"]["name"] == revision.changes[0]["after"]
    assert Assessment.objects.get(pk=hsc.pk).advice == saved  # kept beside, never replaced
    # CAR-T: another rule decides (the SoHO rule instead of the tissues directive) but no outcome changes.
    other = AdviceRevision.objects.get(assessment=car_t)
    assert not other.changed and other.changes == [] and "EU-CLS-8.SoHO-2-6" in other.rules_added
    entry = HistoryEntry.objects.get(assessment=hsc, kind="advice")
    assert entry.actor is None


def test_a_second_run_writes_nothing_and_sends_nothing(hsc, car_t, reevaluate):
    reevaluate(on=SOHO_DAY)
    sent = len(mail.outbox)
    again = reevaluate(on=SOHO_DAY)
    later = reevaluate(on=date(2027, 9, 1))
    assert again.revisions == later.revisions == 0 and AdviceRevision.objects.count() == 2
    assert len(mail.outbox) == sent == 1
    assert HistoryEntry.objects.filter(kind="advice").count() == 2


def test_a_new_ruleset_version_is_recorded_for_every_saved_assessment(hsc, car_t, monkeypatch, reevaluate):
    monkeypatch.setattr("classification.rules.engine.RULESET_VERSION", "2099.1.1")
    summary = reevaluate(on=date(2026, 12, 3))
    assert summary.revisions == 2 and summary.changed == {}
    revisions = AdviceRevision.objects.all()
    assert {r.ruleset_version for r in revisions} == {"2099.1.1"}
    assert {r.previous_ruleset_version for r in revisions} == {hsc.ruleset_version}
    assert all(r.advice is None and not r.changed for r in revisions)  # same outcomes, same rules
    assert not mail.outbox
    assert reevaluate(on=date(2026, 12, 3)).revisions == 0


def test_a_ruleset_change_that_changes_an_outcome_is_found(hsc, car_t, monkeypatch, reevaluate):
    """A test ruleset in which the US status of cell products differs: only CAR-T is affected."""
    import pathways.rules.advice as advice_module

    real = advice_module.classify

    def test_ruleset(document, **kwargs):
        result = real(document, **kwargs)
        if result.us.status == "undetermined" and document["answers"].get("nucleic_acid") == "recombinant":
            result.us.status = "351_biologic"
        return result

    monkeypatch.setattr("classification.rules.engine.RULESET_VERSION", "2099.1.1")
    monkeypatch.setattr(advice_module, "classify", test_ruleset)
    summary = reevaluate(on=date(2026, 12, 3))
    assert summary.changed == {car_t.organisation_id: [car_t.pk]}
    revision = AdviceRevision.objects.get(assessment=car_t)
    assert {"field": "us_status", "before": "undetermined", "after": "351_biologic"} in revision.changes


def test_answers_changed_since_the_saved_advice_are_not_a_change_of_the_law(hsc, alice, reevaluate):
    services.assessment_answer(assessment=hsc, user=alice, question_id="cell_origin", value="autologous",
                               version=hsc.version)
    assert reevaluate(on=SOHO_DAY).revisions == 0


def test_one_e_mail_per_organisation_to_its_owners(organisation, other_organisation, alice, bob, hsc, reevaluate):
    confirmed(organisation, alice, answers=HSC, name="HSC graft 2")
    confirmed(other_organisation, bob, answers=HSC, name="Bob's graft")
    confirmed(other_organisation, bob, answers=CAR_T, name="Bob's CAR-T")  # unchanged: not listed
    co_owner, _ = member(organisation, "olga", role=Membership.Role.OWNER)
    member(organisation, "ed")  # an editor: not e-mailed
    reevaluate(on=SOHO_DAY)
    assert len(mail.outbox) == 2
    by_recipients = {tuple(sorted(message.to)): message for message in mail.outbox}
    ours = by_recipients[("alice@example.com", "olga@example.com")]
    assert "HSC graft" in ours.body and "HSC graft 2" in ours.body and "2 assessment(s)" in ours.subject
    assert "Regulation (EU) 2024/1938" in ours.body and "EU-CLS" not in ours.body
    theirs = by_recipients[("bob@example.com",)]
    assert "Bob's graft" in theirs.body and "Bob's CAR-T" not in theirs.body
    assert reevaluation_notice_send(organisation_id=organisation.pk) == 0  # already sent: nothing again
    assert len(mail.outbox) == 2


def test_the_list_flags_changed_since_approved_and_the_page_says_it_in_words(
    organisation, alice, alice_client, django_capture_on_commit_callbacks
):
    reviewer, membership = member(organisation, "rita", can_review=True)
    signed = approved(organisation, alice, reviewer, membership, answers=HSC, name="HSC graft")
    assert "Changed since approved" not in alice_client.get(reverse("assessment-list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reevaluate", "--on", SOHO_DAY.isoformat())
    page = alice_client.get(reverse("assessment-list")).content.decode()
    assert "Changed since approved" in page
    page = alice_client.get(reverse("assessment-differences", args=[signed.pk])).content.decode()
    assert "EU framework that applies instead" in page and "Regulation (EU) 2024/1938" in page
    assert Assessment.objects.get(pk=signed.pk).status == "approved"  # the approved one is untouched


def test_the_command_prints_what_it_did(hsc, capsys, reevaluate):
    call_command("reevaluate", "--on", SOHO_DAY.isoformat())
    assert "Re-evaluated 1 saved assessment(s): 1 new revision(s), 1 with a changed outcome" in capsys.readouterr().out


def test_the_command_refuses_a_bad_date(reevaluate):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--on"):
        call_command("reevaluate", "--on", "07/08/2027")


def test_the_beat_task_runs_the_same_re_evaluation(hsc, monkeypatch, reevaluate):
    from assessments.tasks import reevaluate_saved_assessments

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: SOHO_DAY)
    assert reevaluate_saved_assessments.delay().get() == {"evaluated": 1, "revisions": 1, "changed": 1}


def test_the_beat_schedule_names_the_task(settings):
    from atmp_advisor.celery import app

    assert settings.CELERY_BEAT_SCHEDULE["reevaluate-saved-assessments"]["task"] in app.tasks


def test_batches_cover_every_assessment(organisation, alice, reevaluate):
    for number in range(7):
        confirmed(organisation, alice, answers=HSC, name=f"Graft {number}")
    summary = reevaluate(on=SOHO_DAY, batch=3)
    assert summary.evaluated == 7 and summary.revisions == 7
