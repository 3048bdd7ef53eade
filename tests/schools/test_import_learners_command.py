"""`manage.py import_learners`: the same check and apply from the command line."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from careers_portal.schools.models import Learner
from tests.factories import LearnerFactory
from tests.schools.test_learner_import import messy_sims_export, upn


def test_it_refuses_a_file_with_a_wrong_row_and_writes_nothing(institution, tmp_path, capsys):
    path = tmp_path / "roll.csv"
    path.write_bytes(messy_sims_export())

    with pytest.raises(SystemExit) as exit_:
        call_command("import_learners", str(path), institution=institution.urn)

    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "row 8: error: The year group is missing." in out
    assert not Learner.objects.exists()


def test_it_imports_the_valid_rows_and_marks_the_missing_left(institution, tmp_path, capsys):
    gone = LearnerFactory(institution=institution, upn=upn(77))
    path = tmp_path / "roll.csv"
    path.write_bytes(messy_sims_export())

    call_command(
        "import_learners", str(path), institution=institution.urn, skip_invalid=True, full_roll=True
    )

    assert Learner.objects.filter(date_of_leaving__isnull=True).count() == 3
    gone.refresh_from_db()
    assert gone.date_of_leaving is not None


def test_a_dry_run_writes_nothing(institution, tmp_path, capsys):
    path = tmp_path / "roll.csv"
    path.write_bytes(f"UPN,Surname,Forename,Year\n{upn(1)},Lee,Sam,Y9\n".encode())

    call_command("import_learners", str(path), institution=institution.urn, dry_run=True)

    assert "1 new" in capsys.readouterr().out
    assert not Learner.objects.exists()
