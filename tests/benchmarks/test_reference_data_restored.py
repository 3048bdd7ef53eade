import pytest
from django.core.management import call_command

from benchmarks.models import Benchmark, ChecklistItem, MaturityStatement, MeaningfulCriterion


@pytest.mark.django_db(transaction=True)
def test_it_puts_the_reference_data_back_after_a_flush():
    before = (Benchmark.objects.count(), MeaningfulCriterion.objects.count())
    assert before[0] == 16

    call_command("flush", interactive=False, verbosity=0)

    assert (Benchmark.objects.count(), MeaningfulCriterion.objects.count()) == before
    assert MaturityStatement.objects.filter(code="1.3").exists()
    assert ChecklistItem.objects.count() == 20
