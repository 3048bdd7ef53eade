"""Fixtures for every test: an institution with one person per role, and an outsider.

`leader`, `champion`, `slt` and `governor` are users of `institution`; `outsider` is a
careers leader of `other_institution`. `client_for(user)` gives a signed-in test client.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client

from careers_portal.accounts.models import Role
from tests.factories import DepartmentFactory, InstitutionFactory, MembershipFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip a test whose outside component is missing, except in CI where it must fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Northfield Academy")


@pytest.fixture
def department(institution):
    return DepartmentFactory(institution=institution, name="Science")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Southfield School")


def _member(institution, role, **extra):
    return MembershipFactory(institution=institution, role=role, **extra).user


@pytest.fixture
def leader(institution):
    return _member(institution, Role.CAREERS_LEADER)


@pytest.fixture
def champion(institution, department):
    return _member(institution, Role.CHAMPION, department=department)


@pytest.fixture
def slt(institution):
    return _member(institution, Role.SLT)


@pytest.fixture
def governor(institution):
    return _member(institution, Role.GOVERNOR)


@pytest.fixture
def outsider(other_institution):
    return _member(other_institution, Role.CAREERS_LEADER)


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def role_users(leader, champion, slt, governor, outsider):
    """Every kind of visitor the permission matrix checks, by name (None is anonymous)."""
    return {
        "anonymous": None,
        "leader": leader,
        "champion": champion,
        "slt": slt,
        "governor": governor,
        "outsider": outsider,
    }
