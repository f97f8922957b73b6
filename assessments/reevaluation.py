"""Re-evaluation of saved assessments when the law changes: a new ruleset version, or a dated rule
(a date of application such as the SoHO Regulation's, 7 Aug 2027) that today has crossed.

Each saved assessment (one whose advice was saved, by confirming, signing or exporting) is
evaluated again under today's ruleset and date. The new advice is kept beside the saved one in an
``AdviceRevision`` (the saved advice, and an approved one above all, is never replaced), with the
outcomes that differ from the saved advice (EU category, US status, hospital exemption, each
pathway) and the rule ids that entered or left the trace. A revision is written only when
something is new since the last one, so a second run on the same day writes nothing: the run is
idempotent. The assessments are read in batches by primary key, so memory stays flat however many
there are. Owners get one e-mail per organisation per run, sent by a task.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from classification.rules.engine import answers_hash
from pathways.rules import advise, labels

from .models import AdviceRevision, Assessment, HistoryEntry

BATCH = 100


def outcome_of(advice: Mapping[str, Any]) -> dict[str, Any]:
    """The outcomes a re-evaluation compares, as codes, and the rule ids of the traces."""
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    rules = {step["rule"] for part in (eu, us, he) for step in part.get("trace", [])}
    return {
        "eu_category": eu["category"],
        "combined_atmp": eu.get("combined_atmp"),
        "eu_framework": (eu.get("framework") or {}).get("name") or "",
        "us_status": us["status"],
        "combination_product": us.get("combination_product"),
        "hospital_exemption": he["status"],
        "pathways": {p["id"]: {"name": p.get("name", p["id"]), "status": p["status"]}
                     for p in advice.get("pathways") or []},
        "rules": sorted(rules),
    }


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The outcomes that differ, one dict each: ``field``, ``before``, ``after`` (codes) and, for a
    pathway, its ``id`` and ``name``."""
    changes = []
    for name in ("eu_category", "combined_atmp", "eu_framework", "us_status", "combination_product",
                 "hospital_exemption"):
        if before.get(name) != after.get(name):
            changes.append({"field": name, "before": before.get(name), "after": after.get(name)})
    old, new = before.get("pathways", {}), after.get("pathways", {})
    for pid in dict.fromkeys([*old, *new]):
        was, now = (old.get(pid) or {}).get("status"), (new.get(pid) or {}).get("status")
        if was != now:
            name = (new.get(pid) or old.get(pid) or {}).get("name", pid)
            changes.append({"field": "pathway", "id": pid, "name": name, "before": was, "after": now})
    return changes


def _yes_no(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, "not yet known")


def change_words(change: Mapping[str, Any]) -> str:
    """One difference as a sentence (labels from pathways.rules.labels; rule ids never stand in)."""
    name, before, after = change["field"], change.get("before"), change.get("after")
    if name == "eu_category":
        return f"EU classification: {labels.eu_category(before)} → {labels.eu_category(after)}."
    if name == "combined_atmp":
        return f"Combined ATMP (with a medical device): {_yes_no(before)} → {_yes_no(after)}."
    if name == "eu_framework":
        return f"EU framework that applies instead: {before or 'none'} → {after or 'none'}."
    if name == "us_status":
        return f"US status: {labels.us_status(before)} → {labels.us_status(after)}."
    if name == "combination_product":
        return f"US combination product: {_yes_no(before)} → {_yes_no(after)}."
    if name == "hospital_exemption":
        return f"EU hospital exemption: {labels.he_status(before)} → {labels.he_status(after)}."
    if name == "pathway":
        was = labels.pathway_status(before) if before else "not offered"
        now = labels.pathway_status(after) if after else "no longer offered"
        return f"{change.get('name', 'A pathway')}: {was} → {now}."
    return "Another outcome changed."


@dataclass(frozen=True)
class Difference:
    """What a re-evaluation (or an "as of" date) would change, in words."""

    sentences: list[str]
    rules_added: list[str]
    rules_removed: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.sentences)


def difference(before: Mapping[str, Any], after: Mapping[str, Any]) -> Difference:
    """The difference between two outcomes (``outcome_of``) in words, with the rule ids that caused it."""
    old_rules, new_rules = set(before.get("rules", [])), set(after.get("rules", []))
    return Difference(
        sentences=[change_words(change) for change in changes_between(before, after)],
        rules_added=sorted(new_rules - old_rules),
        rules_removed=sorted(old_rules - new_rules),
    )


def revision_difference(revision: AdviceRevision) -> Difference:
    return Difference(
        sentences=[change_words(change) for change in revision.changes],
        rules_added=list(revision.rules_added),
        rules_removed=list(revision.rules_removed),
    )


@dataclass
class RunSummary:
    """What one run did: how many assessments it evaluated, how many revisions it wrote, and the
    assessments whose outcome now differs from their saved advice, per organisation."""

    evaluated: int = 0
    skipped: int = 0
    revisions: int = 0
    changed: dict[int, list[int]] = field(default_factory=dict)


def _batches(batch: int) -> Iterator[list[Assessment]]:
    """Saved assessments in primary-key order, ``batch`` at a time (keyset pagination: each batch is
    one query, whatever the table's size). The saved advice (tens of kilobytes each) stays in the
    database until a batch needs it (``_saved_outcomes``)."""
    last = 0
    fields = ("pk", "organisation_id", "product_name", "description", "indication", "sponsor", "answers",
              "as_of", "ruleset_version", "answers_hash", "version", "status")
    while True:
        rows = list(
            Assessment.objects.filter(pk__gt=last).exclude(answers_hash="").exclude(advice=None)
            .only(*fields).order_by("pk")[:batch]
        )
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _latest_revisions(ids: list[int]) -> dict[int, AdviceRevision]:
    latest: dict[int, AdviceRevision] = {}
    revisions = (AdviceRevision.objects.filter(assessment_id__in=ids).defer("advice")
                 .order_by("assessment_id", "-created_at", "-pk"))
    for revision in revisions:
        latest.setdefault(revision.assessment_id, revision)
    return latest


def _saved_outcomes(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The outcomes of the saved advice of these assessments (one query; each advice parsed, reduced
    and dropped in turn)."""
    saved = Assessment.objects.filter(pk__in=ids).values_list("pk", "advice")
    return {pk: outcome_of(advice) for pk, advice in saved.iterator(chunk_size=len(ids) or 1)}


@dataclass(frozen=True)
class _Fresh:
    assessment: Assessment
    answers_hash: str
    advice: dict[str, Any]
    outcome: dict[str, Any]


def _fresh(assessment: Assessment, latest: AdviceRevision | None, on: date) -> _Fresh | None:
    """The assessment evaluated anew, or None when nothing can be new: its answers changed since the
    advice was saved (not a change of the law), or the last revision already says the same."""
    current_hash = answers_hash({"answers": assessment.answers})
    if assessment.answers_hash != current_hash:
        return None
    advice = advise(assessment.answers_document(), as_of=assessment.as_of or on)
    outcome = outcome_of(advice)
    if latest is not None and latest.answers_hash == current_hash:
        if latest.ruleset_version == advice["ruleset"]["version"] and latest.outcome == outcome:
            return None
    return _Fresh(assessment, current_hash, advice, outcome)


def _revision(fresh: _Fresh, saved: dict[str, Any], *, after_revision: bool, on: date) -> AdviceRevision | None:
    """The revision to record against the saved advice's outcome, or None when nothing is new."""
    assessment, advice, outcome = fresh.assessment, fresh.advice, fresh.outcome
    ruleset = advice["ruleset"]["version"]
    if not after_revision and assessment.ruleset_version == ruleset and saved == outcome:
        return None
    changes = changes_between(saved, outcome)
    diff = difference(saved, outcome)
    keep_advice = bool(changes or diff.rules_added or diff.rules_removed)
    return AdviceRevision(
        assessment_id=assessment.pk,
        ruleset_version=ruleset,
        previous_ruleset_version=assessment.ruleset_version,
        evaluated_on=assessment.as_of or on,
        answers_hash=fresh.answers_hash,
        outcome=outcome,
        advice=advice if keep_advice else None,
        changes=changes,
        rules_added=diff.rules_added,
        rules_removed=diff.rules_removed,
        changed=bool(changes),
    )


def reevaluate_all(*, on: date | None = None, batch: int = BATCH) -> RunSummary:
    """Re-evaluates every saved assessment under today's ruleset and the law of ``on`` (default
    today); writes a revision where something is new and a history entry beside it, one
    transaction per batch; then queues one e-mail per organisation with changed assessments."""
    from .tasks import send_reevaluation_notice

    on = on or timezone.localdate()
    summary = RunSummary()
    for rows in _batches(batch):
        latest = _latest_revisions([row.pk for row in rows])
        fresh = [f for f in (_fresh(row, latest.get(row.pk), on) for row in rows) if f is not None]
        saved = _saved_outcomes([f.assessment.pk for f in fresh])
        revisions = []
        for item in fresh:
            previous = latest.get(item.assessment.pk)
            after_revision = previous is not None and previous.answers_hash == item.answers_hash
            revision = _revision(item, saved[item.assessment.pk], after_revision=after_revision, on=on)
            if revision is not None:
                revisions.append((item.assessment, revision))
        summary.evaluated += len(rows)
        summary.skipped += len(rows) - len(revisions)
        if revisions:
            _record(revisions, summary)
    for organisation_id in summary.changed:
        transaction.on_commit(lambda pk=organisation_id: send_reevaluation_notice.delay(pk))
    return summary


@transaction.atomic
def _record(revisions: list[tuple[Assessment, AdviceRevision]], summary: RunSummary) -> None:
    created = AdviceRevision.objects.bulk_create([revision for _, revision in revisions], ignore_conflicts=True)
    HistoryEntry.objects.bulk_create([
        HistoryEntry(assessment_id=assessment.pk, actor=None, kind=HistoryEntry.Kind.ADVICE, key="ruleset",
                     old=f"ruleset {revision.previous_ruleset_version}",
                     new=f"ruleset {revision.ruleset_version}, law of {revision.evaluated_on.isoformat()}"
                         + (f": {len(revision.changes)} outcome(s) changed" if revision.changed else ": no outcome changed"),
                     version=assessment.version)
        for assessment, revision in revisions
    ])
    summary.revisions += len(created)
    for assessment, revision in revisions:
        if revision.changed:
            summary.changed.setdefault(assessment.organisation_id, []).append(assessment.pk)


def reevaluation_notice_send(*, organisation_id: int) -> int:
    """E-mails the organisation's owners the assessments whose re-evaluated outcome differs from
    their saved advice and that no e-mail has listed yet; returns how many it listed. The revisions
    are claimed with a conditional update first, so a task run twice sends one e-mail."""
    from django.core.mail import send_mail
    from django.urls import reverse

    from accounts.models import Membership, Organisation

    pending = list(
        AdviceRevision.objects.filter(assessment__organisation_id=organisation_id, changed=True, notified_at=None)
        .values_list("pk", flat=True)
    )
    if not pending:
        return 0
    now = timezone.now()
    claimed = AdviceRevision.objects.filter(pk__in=pending, notified_at=None).update(notified_at=now)
    if not claimed:
        return 0
    revisions = (AdviceRevision.objects.filter(pk__in=pending, notified_at=now).select_related("assessment")
                 .defer("advice", "assessment__advice").order_by("assessment__product_name", "pk"))
    owners = list(
        Membership.objects.filter(organisation_id=organisation_id, role=Membership.Role.OWNER)
        .exclude(user__email="").values_list("user__email", flat=True)
    )
    if not owners:
        return 0
    organisation = Organisation.objects.get(pk=organisation_id)
    lines = [f"Re-evaluated under today's rules, these assessments of {organisation.name} now get a different "
             "answer from the one saved:", ""]
    for revision in revisions:
        assessment = revision.assessment
        lines.append(f"- {assessment.product_name} (version {assessment.revision}, "
                     f"{assessment.get_status_display().lower()}): {reverse('assessment-differences', args=[assessment.pk])}")
        lines += [f"    {sentence}" for sentence in revision_difference(revision).sentences]
    lines += ["", "The saved advice and any approved memo are kept as they were. Open an assessment to see "
              "the difference; start a new version of an approved one to bring it up to date."]
    send_mail(f"ATMP Advisor: {claimed} assessment(s) of {organisation.name} changed under today's rules",
              "\n".join(lines), None, owners)
    return claimed


def as_of_difference(*, assessment: Assessment, advice: Mapping[str, Any], as_of: date) -> tuple[dict, Difference]:
    """What the assessment's answers would get under the law of ``as_of``, against ``advice`` (the
    advice shown now): computed in memory, nothing saved (for a GET)."""
    later = advise(assessment.answers_document(), as_of=as_of)
    return later, difference(outcome_of(advice), outcome_of(later))
