"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from stdnum.gb import upn as upn_number

from careers_portal.accounts.models import Membership, Role, User
from careers_portal.schools.models import Department, Institution, Learner, Trust

PASSWORD = "a-good-test-password-42"

_names = factory.Faker._get_faker(locale="en_GB")


def _plain_name(kind: str) -> str:
    """A realistic name without an apostrophe: pages escape "O'Neill" as "O&#x27;Neill", and a
    test comparing page text with a random name would then fail one run in a few dozen."""
    while "'" in (name := getattr(_names, kind)()):
        pass
    return name


def shows_learner(text: str, learner) -> bool:
    """Whether `text` (a page, a PDF's text) names the learner, as "Last, First" or "First Last".

    A surname alone is no test: a random "Chan" is inside "Change password" on every page."""
    first, last = learner.first_name, learner.last_name
    return any(form in text for form in (f"{last}, {first}", f"{first} {last}", f"{last},{first}"))


def _staff_last_name() -> str:
    # Staff surnames never match a learner's (both come from the same list of names otherwise),
    # so a test that no learner's name is shown cannot trip on the reader's own name.
    return f"{_plain_name('last_name')}-Staff"


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Trust {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    kind = Institution.Kind.SCHOOL
    phase = Institution.Phase.SECONDARY_SIXTH
    # Off, like the demo school, so that the tests of each feature sign people in with a password
    # alone; the two-step sign-in tests (tests/accounts/test_two_step*.py) turn it on, and one
    # checks that a new institution starts with it required for leaders and SLT.
    second_factor_policy = Institution.SecondFactorPolicy.OFF


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@school.test")
    first_name = factory.LazyFunction(lambda: _plain_name("first_name"))
    last_name = factory.LazyFunction(_staff_last_name)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.CAREERS_LEADER


def _upn(n: int) -> str:
    # LA 201, establishment 9xxx (no real school has one), year 26, then a serial: 12 digits.
    body = f"2019{n // 1000 % 1000:03d}26{n % 1000:03d}"
    return upn_number.calc_check_digit(body) + body


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    institution = factory.SubFactory(InstitutionFactory)
    upn = factory.Sequence(_upn)
    first_name = factory.LazyFunction(lambda: _plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: _plain_name("last_name"))
    year_group = 9
    gender = Learner.Gender.FEMALE
