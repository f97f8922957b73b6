"""Helpers of the history, sign-off and re-evaluation tests: members with roles and the reviewer
permission, and assessments taken to each status through the services (never by writing rows)."""

from accounts.models import Membership
from assessments import services, signoff
from assessments.models import Assessment
from tests.conftest import PASSWORD, make_user
from tests.products import CAR_T


def member(organisation, username: str, *, role=Membership.Role.EDITOR, can_review=False):
    user = make_user(username)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, can_review=can_review)
    return user, membership


def confirmed(organisation, author, *, answers=None, name="CAR-T 19", as_of=None) -> Assessment:
    assessment = services.assessment_import(
        organisation=organisation, user=author,
        document={"schema_version": "1", "product": {"name": name}, "answers": dict(answers or CAR_T),
                  **({"as_of": as_of} if as_of else {})},
    )
    return services.assessment_confirm(assessment=assessment, user=author, version=assessment.version)


def in_review(organisation, author, **kwargs) -> Assessment:
    assessment = confirmed(organisation, author, **kwargs)
    return signoff.assessment_submit_for_review(assessment=assessment, user=author, version=assessment.version)


def approved(organisation, author, reviewer, reviewer_membership, **kwargs) -> Assessment:
    assessment = in_review(organisation, author, **kwargs)
    signoff.assessment_sign(assessment=assessment, user=reviewer, membership=reviewer_membership,
                            password=PASSWORD, version=assessment.version)
    return Assessment.objects.get(pk=assessment.pk)
