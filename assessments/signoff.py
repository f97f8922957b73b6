"""Review and sign-off: complete → in review → approved, and new versions of an approved assessment.

The signature follows the spirit of 21 CFR Part 11 (§11.50, §11.200) and EU GMP Annex 11 (§14):
the signer is another member than the people who wrote the assessment, holds the reviewer
permission, types their password again, and the record keeps their name, the time and what the
signature means. An approved assessment is locked (``locking.refuse_locked``); changing it starts
a new version, a new row linked to the approved one, which stays with its advice and its exports.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from accounts.models import Membership
from accounts.throttle import password_check_allowed, password_check_succeeded

from .models import Assessment, HistoryEntry, Signature
from .services import _save, advice_fields, history_record


class SignOffRefused(ValueError):
    """A review step that was refused, in words for the person who tried it."""


class WrongPassword(SignOffRefused):
    """The password typed to sign is not the signer's."""


class TooManyPasswordAttempts(SignOffRefused):
    """The signer's account has failed its password too often in the log-in window: not checked."""


# Refused signatures are security events, not changes to the assessment: they go to this log (for
# whoever watches for attempts at using someone's password, 21 CFR 11.300(d)), not to its history,
# which records what changed (and is attached to the dossier that leaves the house).
security_log = logging.getLogger("atmp_advisor.security")


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _status_change(assessment: Assessment, user, before: str, *, kind: str = HistoryEntry.Kind.STATUS) -> None:
    history_record(assessment=assessment, actor=user, kind=kind, changes={"status": (before, assessment.status)})


@transaction.atomic
def assessment_submit_for_review(*, assessment: Assessment, user, version: int) -> Assessment:
    """Asks for a review of a confirmed assessment. Only its answers as confirmed can be reviewed."""
    if assessment.status == Assessment.Status.IN_REVIEW:
        raise SignOffRefused("This assessment is already waiting for review.")
    if assessment.status != Assessment.Status.COMPLETE:
        raise SignOffRefused("Confirm the answers on the review page before asking for a review.")
    before = assessment.status
    assessment = _save(assessment, version=version, user=user, status=Assessment.Status.IN_REVIEW)
    _status_change(assessment, user, before)
    return assessment


@transaction.atomic
def assessment_return_for_changes(*, assessment: Assessment, user, membership: Membership, version: int) -> Assessment:
    """A reviewer sends the assessment back as a draft (their reasons go in a comment)."""
    if not membership.may_review:
        raise SignOffRefused("Only a member with the reviewer permission can send an assessment back.")
    if assessment.status != Assessment.Status.IN_REVIEW:
        raise SignOffRefused("Only an assessment waiting for review can be sent back.")
    before = assessment.status
    assessment = _save(assessment, version=version, user=user, status=Assessment.Status.DRAFT)
    _status_change(assessment, user, before)
    return assessment


def _authors(assessment: Assessment) -> set[int]:
    """Everyone who wrote the assessment: who created it and who gave an answer or product detail."""
    writers = set(
        HistoryEntry.objects.filter(
            assessment=assessment, kind__in=[HistoryEntry.Kind.ANSWER, HistoryEntry.Kind.PRODUCT]
        ).exclude(actor=None).values_list("actor_id", flat=True)
    )
    return writers | ({assessment.created_by_id} if assessment.created_by_id else set())


def _check_password(assessment: Assessment, user, password: str) -> None:
    """The signer's password, typed again, throttled per user with the log-in (accounts.throttle):
    once the account has failed too often, the password is not even checked. Every refusal is logged."""
    username = user.get_username()
    if not password_check_allowed(username=username):
        security_log.warning("signature refused, too many wrong passwords: user %s, assessment %s",
                             user.pk, assessment.pk)
        minutes = max(1, round(settings.LOGIN_THROTTLE_WINDOW_SECONDS / 60))
        raise TooManyPasswordAttempts(
            f"Password: too many wrong passwords for your account. Wait up to {minutes} minutes and try again, "
            "or reset your password to sign at once. Nothing was signed."
        )
    if not user.check_password(password or ""):
        security_log.warning("signature refused, wrong password: user %s, assessment %s", user.pk, assessment.pk)
        raise WrongPassword("Password: this is not your password. Nothing was signed.")
    password_check_succeeded(username=username)


@transaction.atomic
def assessment_sign(*, assessment: Assessment, user, membership: Membership, password: str, version: int) -> Signature:
    """Approves the assessment with the reviewer's electronic signature and locks it.

    Refused (SignOffRefused, nothing saved) when the signer lacks the reviewer permission (a viewer
    never has it), wrote the assessment, types a wrong password (or has failed too often lately:
    ``TooManyPasswordAttempts``), or the assessment is not waiting for review. The advice is saved
    with it as it stands today: the memo prints what was signed."""
    if membership.user_id != user.pk or membership.organisation_id != assessment.organisation_id:
        raise SignOffRefused("Only a member of this assessment's organisation can sign it.")
    if not membership.may_review:
        raise SignOffRefused(
            "You do not have the reviewer permission in this organisation: an owner grants it on the "
            "organisation's settings page."
        )
    if user.pk in _authors(assessment):
        raise SignOffRefused("You wrote this assessment: another member has to review and sign it.")
    _check_password(assessment, user, password)
    if assessment.status != Assessment.Status.IN_REVIEW:
        raise SignOffRefused("Only an assessment waiting for review can be signed: ask for a review first.")
    before = assessment.status
    assessment = _save(assessment, version=version, user=user, status=Assessment.Status.APPROVED,
                       **advice_fields(assessment))
    signature = Signature.objects.create(
        assessment=assessment, signer=user, signer_name=_person(user), meaning=Signature.MEANING,
        signed_at=assessment.updated_at, answers_hash=assessment.answers_hash,
        ruleset_version=assessment.ruleset_version,
    )
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.SIGNATURE,
                   changes={"status": (before, assessment.status)})
    return signature


@transaction.atomic
def assessment_new_version(*, assessment: Assessment, user) -> Assessment:
    """Starts the next version of an approved assessment: a draft with its details and answers,
    linked to it. The approved one is left exactly as signed (advice, signature, exports). One next
    version per approved one: asking again gives the one already started."""
    approved = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if approved.status != Assessment.Status.APPROVED:
        raise SignOffRefused("Only an approved assessment gets a new version: this one can still be changed.")
    started = approved.successors.order_by("pk").first()
    if started is not None:
        return started
    revision = approved.revision + 1  # one successor per approved version: the versions form a line
    successor = Assessment.objects.create(
        organisation_id=approved.organisation_id,
        product_name=approved.product_name,
        description=approved.description,
        indication=approved.indication,
        sponsor=approved.sponsor,
        answers=dict(approved.answers),
        as_of=approved.as_of,
        current_question=approved.current_question,
        revision=revision,
        supersedes=approved,
        created_by=user,
        updated_by=user,
    )
    history_record(assessment=successor, actor=user, kind=HistoryEntry.Kind.VERSION,
                   changes={"revision": (approved.revision, revision)})
    history_record(assessment=successor, actor=user, kind=HistoryEntry.Kind.ANSWER,
                   changes={qid: (None, value) for qid, value in successor.answers.items()})
    history_record(assessment=approved, actor=user, kind=HistoryEntry.Kind.VERSION,
                   changes={"successor": (None, revision)})
    return successor
