"""Factories for the encounters app (benchmarks and criteria come from the data migration)."""

from __future__ import annotations

import datetime as dt

import factory

from benchmarks.models import Benchmark, MeaningfulCriterion
from careers_portal.schools.services import academic_year_ensure
from encounters import services
from encounters.models import Encounter, GuidanceMeeting, Organisation, PlannedActivity
from tests.factories import InstitutionFactory, LearnerFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Employer {n}")
    kind = Organisation.Kind.EMPLOYER
    sector = "Health"


class EncounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Encounter

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"Encounter {n}")
    date = dt.date(2026, 10, 15)
    kind = Encounter.Kind.EMPLOYER_TALK


class GuidanceMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceMeeting

    learner = factory.SubFactory(LearnerFactory)
    date = dt.date(2026, 10, 1)
    adviser_name = "Sam Adviser"
    adviser_level6 = True


def meaningful_encounter(
    institution, learners, *, number: int = 5, date=dt.date(2026, 10, 15), organisations=(), **extra
) -> Encounter:
    """An encounter meaningful for benchmark `number`, attended by `learners`."""
    encounter = EncounterFactory(institution=institution, date=date, **extra)
    encounter.benchmarks.set(Benchmark.objects.filter(version="2025", number=number))
    encounter.meaningful_criteria.set(MeaningfulCriterion.objects.filter(benchmark_number=number))
    encounter.organisations.set(organisations)
    services.encounter_refresh_meaningful(encounter)
    services.attach_learners(encounter, [learner.pk for learner in learners])
    return encounter


def pal_encounter(institution, learners, *, date, year_groups, provider=None) -> Encounter:
    provider = provider or OrganisationFactory(
        institution=institution,
        kind=Organisation.Kind.APPRENTICESHIP_PROVIDER,
        approved_provider=True,
    )
    encounter = EncounterFactory(
        institution=institution,
        date=date,
        kind=Encounter.Kind.PROVIDER_TALK,
        is_pal=True,
        in_school_day=True,
        year_groups=year_groups,
    )
    encounter.organisations.set([provider])
    services.attach_learners(encounter, [learner.pk for learner in learners])
    return encounter


def a_learner(world):
    return {"pk": LearnerFactory(institution=world["institution"]).pk}


def an_encounter(world):
    return {"pk": _encounter_of(world).pk}


def _encounter_of(world):
    """An encounter of the champion's department (so the champion may edit it) with one learner."""
    from careers_portal.accounts.models import Membership

    department = Membership.objects.get(user=world["champion"]).department
    encounter = EncounterFactory(
        institution=world["institution"], department=department, year_groups=[9]
    )
    learner = LearnerFactory(institution=world["institution"])
    services.attach_learners(encounter, [learner.pk])
    world["_learner"] = learner
    return encounter


def an_encounter_and_learner(world):
    encounter = _encounter_of(world)
    return {"pk": encounter.pk, "learner_pk": world["_learner"].pk}


def an_organisation(world):
    return {"pk": OrganisationFactory(institution=world["institution"]).pk}


def an_organisation_and_contact(world):
    organisation = OrganisationFactory(institution=world["institution"])
    contact = services.contact_add(
        organisation=organisation, name="Sam Patel", role="Outreach", email="sam@example.com"
    )
    return {"pk": organisation.pk, "contact_pk": contact.pk}


class PlannedActivityFactory(factory.django.DjangoModelFactory):
    """A planned activity of the 2026/27 programme (the year the folder's tests are pinned in)."""

    class Meta:
        model = PlannedActivity
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    academic_year = factory.LazyFunction(lambda: academic_year_ensure(start_year=2026))
    title = factory.Sequence(lambda n: f"Planned activity {n}")
    year_groups = factory.LazyFunction(lambda: [9])
    half_term = 2
    kind = Encounter.Kind.CAREERS_LESSON

    @factory.post_generation
    def benchmark_numbers(self, create, extracted, **kwargs):
        if create and extracted:
            self.benchmarks.set(Benchmark.objects.filter(version="2025", number__in=extracted))


def a_planned_activity(world):
    return {"pk": PlannedActivityFactory(institution=world["institution"]).pk}
