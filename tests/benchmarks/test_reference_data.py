"""The reference data shipped by the data migration."""

from __future__ import annotations

import pytest

from benchmarks.models import (
    Benchmark,
    CdiLearningArea,
    ChecklistItem,
    Criterion,
    MaturityStatement,
    MeaningfulCriterion,
    SkillsBuilderSkill,
)

pytestmark = pytest.mark.django_db


def test_it_ships_eight_benchmarks_in_each_version():
    for version in ("2018", "2025"):
        numbers = list(Benchmark.objects.filter(version=version).values_list("number", flat=True))
        assert numbers == list(range(1, 9))


def test_it_names_benchmark_3_by_its_version():
    assert Benchmark.objects.get(version="2018", number=3).title == (
        "Addressing the needs of each pupil"
    )
    assert Benchmark.objects.get(version="2025", number=3).title == (
        "Addressing the needs of each young person"
    )


@pytest.mark.parametrize("version", ["2018", "2025"])
@pytest.mark.parametrize("audience", ["school", "college"])
def test_it_gives_every_benchmark_criteria_for_each_audience(version, audience):
    for number in range(1, 9):
        codes = list(
            Criterion.objects.filter(
                benchmark__version=version, benchmark__number=number, audience=audience
            ).values_list("code", flat=True)
        )
        assert codes, (version, audience, number)
        assert codes[0] == f"{number}.1"


def test_it_carries_the_2025_changes():
    school_2025 = Criterion.objects.filter(benchmark__version="2025", audience="school")
    assert (
        school_2025.filter(benchmark__number=8, text__icontains="further")
        .filter(text__icontains="by the age of 18")
        .exists()
    )
    assert school_2025.filter(benchmark__number=3, text__icontains="changes school").exists()
    assert school_2025.filter(benchmark__number=4, text__icontains="staff development").exists()
    assert not Criterion.objects.filter(
        benchmark__version="2025", text__icontains="three years after"
    ).exists()
    assert Criterion.objects.filter(
        benchmark__version="2018", text__icontains="three years after"
    ).exists()


def test_it_defines_meaningful_for_benchmarks_5_6_and_7():
    counts = {
        number: MeaningfulCriterion.objects.filter(benchmark_number=number).count()
        for number in (5, 6, 7)
    }
    assert counts == {5: 4, 6: 7, 7: 6}
    assert MeaningfulCriterion.objects.filter(benchmark_number=6, code="task").exists()


def test_it_ships_the_cdi_areas_at_three_stages_and_eight_skills():
    assert CdiLearningArea.objects.count() == 18
    assert set(CdiLearningArea.objects.values_list("stage", flat=True)) == {
        "11-14",
        "14-16",
        "post-16",
    }
    assert list(SkillsBuilderSkill.objects.values_list("name", flat=True)) == [
        "Listening",
        "Speaking",
        "Problem Solving",
        "Creativity",
        "Staying Positive",
        "Aiming High",
        "Leadership",
        "Teamwork",
    ]


def test_it_ships_the_maturity_statements_of_the_seed():
    codes = list(MaturityStatement.objects.values_list("code", flat=True))
    assert codes == [
        *[f"1.{n}" for n in range(1, 8)],
        *[f"2.{n}" for n in range(1, 8)],
        "3.3",
        "3.4",
        "3.6",
        "3.7",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "6.3",
    ]
    titles = dict(MaturityStatement.objects.values_list("code", "title"))
    assert titles["1.1"] == "Distributed careers leadership"
    assert titles["1.7"] == "Enterprise Adviser engagement"
    assert titles["2.2"] == "Addressing the needs of all learners"
    assert titles["2.7"] == "Quality assurance"
    assert MaturityStatement.objects.get(code="1.2").heading == (
        "Leaders' vision and intent for careers"
    )


def test_it_ships_the_twenty_checklist_items():
    assert list(ChecklistItem.objects.values_list("number", flat=True)) == list(range(1, 21))
    assert "Level 6" in ChecklistItem.objects.get(number=11).text.title()
