"""The careers leader manages people: invitations, role changes, deactivation and reactivation."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from careers_portal.accounts import services
from careers_portal.accounts.models import Membership, Role, User
from tests.factories import PASSWORD, DepartmentFactory, MembershipFactory

PEOPLE = reverse("accounts:people")
INVITE = reverse("accounts:invite")
CHOSEN_PASSWORD = "my-own-careers-password-2026"


def _invite_data(**overrides) -> dict:
    return {
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "Priya.Shah@North.test",
        "role": Role.CHAMPION,
        "department": "",
        **overrides,
    }


def _sessions_of(user: User) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


def _membership(user: User) -> Membership:
    return Membership.objects.get(user=user)


# Invitations


def test_it_invites_a_champion_who_sets_a_password_from_the_email_and_signs_in(
    client_for, leader, department, institution, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(leader).post(INVITE, _invite_data(department=department.pk))

    assert response.status_code == 302
    assert response.url == PEOPLE
    assert len(callbacks) == 1  # the email waits for the commit
    membership = Membership.objects.get(user__email="priya.shah@north.test")
    assert membership.institution == institution
    assert membership.role == Role.CHAMPION
    assert membership.department == department
    assert membership.invited_by == leader
    assert membership.invitation_sent_at is not None
    assert not membership.user.has_usable_password()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["priya.shah@north.test"]
    assert email.subject == "You have been invited to Careers Portal for Northfield Academy"
    assert "as Careers champion for Science" in email.body
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", email.body).group(1)

    form_page = client.get(path, follow=True)
    assert "Choose your password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": CHOSEN_PASSWORD, "new_password2": CHOSEN_PASSWORD},
    )
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "priya.shah@north.test", "password": CHOSEN_PASSWORD},
    )
    assert signed_in.status_code == 302
    home = client.get(signed_in.url).content.decode()
    assert "Your careers work" in home
    assert "Log encounters for Science" in home


def test_it_shows_the_invitation_on_the_people_page(
    client_for, leader, django_capture_on_commit_callbacks
):
    client = client_for(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, _invite_data(role=Role.SLT), follow=True)

    content = response.content.decode()
    assert "Invitation sent to priya.shah@north.test" in content
    assert "Priya Shah" in content
    assert '<span class="status status-blue">Invited</span>' in content


def test_it_sends_no_email_when_the_invitation_is_not_saved(
    leader, institution, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.membership_invite(
            institution=institution,
            by=leader,
            email="new@north.test",
            first_name="New",
            last_name="Person",
            role="not-a-role",
        )

    assert callbacks == []
    assert mail.outbox == []


def test_it_refuses_to_invite_someone_already_here_and_keeps_the_form(
    client_for, leader, slt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leader).post(
            INVITE, _invite_data(email=slt.email.upper(), first_name="Typed", role=Role.GOVERNOR)
        )

    assert response.status_code == 200
    content = response.content.decode()
    assert f"{slt.email} already has access to Northfield Academy" in content
    assert "Change their role instead" in content
    assert 'value="Typed"' in content
    assert f'value="{slt.email.upper()}"' in content
    assert _membership(slt).role == Role.SLT
    assert mail.outbox == []


def test_it_invites_a_person_of_another_institution_to_sign_in_with_their_password(
    client_for, leader, outsider, institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(leader).post(INVITE, _invite_data(email=outsider.email, role=Role.GOVERNOR))

    assert outsider.memberships.filter(institution=institution, role=Role.GOVERNOR).exists()
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)
    assert "Sign in with your usual password" in mail.outbox[0].body


def test_it_refuses_a_department_of_another_institution(
    client_for, leader, other_institution, django_capture_on_commit_callbacks
):
    theirs = DepartmentFactory(institution=other_institution, name="Their Maths")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leader).post(INVITE, _invite_data(department=theirs.pk))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Their Maths" not in response.content.decode()
    assert not User.objects.filter(email="priya.shah@north.test").exists()
    assert mail.outbox == []


def test_the_service_refuses_a_department_of_another_institution(
    leader, institution, other_institution
):
    theirs = DepartmentFactory(institution=other_institution)

    with pytest.raises(ValidationError) as error:
        services.membership_invite(
            institution=institution,
            by=leader,
            email="new@north.test",
            first_name="New",
            last_name="Person",
            role=Role.CHAMPION,
            department=theirs,
        )

    assert error.value.message_dict == {
        "department": ["Choose a department of your own institution."]
    }
    assert not User.objects.filter(email="new@north.test").exists()


def test_it_gives_only_champions_a_department(
    client_for, leader, department, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(leader).post(INVITE, _invite_data(role=Role.SLT, department=department.pk))

    membership = Membership.objects.get(user__email="priya.shah@north.test")
    assert membership.role == Role.SLT
    assert membership.department is None


# Role changes


def test_it_changes_a_role(client_for, leader, champion):
    response = client_for(leader).post(
        reverse("accounts:membership_edit", args=[_membership(champion).pk]),
        {"role": Role.SLT, "department": ""},
    )

    assert response.status_code == 302
    membership = _membership(champion)
    assert membership.role == Role.SLT
    assert membership.department is None  # only champions belong to a department


def test_it_makes_someone_a_champion_of_a_department(client_for, leader, slt, institution):
    maths = DepartmentFactory(institution=institution, name="Maths")

    client_for(leader).post(
        reverse("accounts:membership_edit", args=[_membership(slt).pk]),
        {"role": Role.CHAMPION, "department": maths.pk},
    )

    membership = _membership(slt)
    assert (membership.role, membership.department) == (Role.CHAMPION, maths)


def test_it_refuses_a_role_change_to_a_department_of_another_institution(
    client_for, leader, champion, department, other_institution
):
    theirs = DepartmentFactory(institution=other_institution)

    response = client_for(leader).post(
        reverse("accounts:membership_edit", args=[_membership(champion).pk]),
        {"role": Role.CHAMPION, "department": theirs.pk},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert _membership(champion).department == department


def test_it_takes_effect_on_the_persons_next_request(client_for, leader, champion):
    champion_client = client_for(champion)
    assert champion_client.get(INVITE).status_code == 403

    client_for(leader).post(
        reverse("accounts:membership_edit", args=[_membership(champion).pk]),
        {"role": Role.CAREERS_LEADER, "department": ""},
    )

    assert champion_client.get(INVITE).status_code == 200


# Deactivation


def test_it_ends_a_deactivated_persons_session_at_once(client_for, leader, champion):
    champion_client = client_for(champion)
    assert champion_client.get(reverse("home")).status_code == 200
    assert len(_sessions_of(champion)) == 1

    response = client_for(leader).post(
        reverse("accounts:membership_deactivate", args=[_membership(champion).pk]), follow=True
    )

    assert "can no longer sign in here. Their sessions have ended." in response.content.decode()
    assert _sessions_of(champion) == []
    next_request = champion_client.get(reverse("home"))
    assert next_request.status_code == 302
    assert next_request.url.startswith(reverse("accounts:login"))
    membership = _membership(champion)
    assert not membership.is_active
    assert membership.deactivated_at is not None
    champion.refresh_from_db()
    assert not champion.is_active


def test_a_deactivated_person_cannot_sign_in_again(client, client_for, leader, champion):
    client_for(leader).post(
        reverse("accounts:membership_deactivate", args=[_membership(champion).pk])
    )

    response = client.post(
        reverse("accounts:login"), {"username": champion.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_it_keeps_the_other_institution_of_a_person_deactivated_here(
    client_for, leader, institution, other_institution
):
    both = MembershipFactory(institution=other_institution, role=Role.SLT).user
    here = MembershipFactory(user=both, institution=institution, role=Role.GOVERNOR)
    their_client = client_for(both)
    their_client.post(reverse("accounts:choose_institution"), {"institution": institution.pk})

    client_for(leader).post(reverse("accounts:membership_deactivate", args=[here.pk]))

    # Their work here ended at once; they carry on in the other institution.
    home = their_client.get(reverse("home"))
    assert home.status_code == 200
    assert "Southfield School" in home.content.decode()
    assert "Northfield Academy" not in home.content.decode()


def test_the_leader_cannot_deactivate_themself(client_for, leader):
    client = client_for(leader)

    response = client.post(
        reverse("accounts:membership_deactivate", args=[_membership(leader).pk]), follow=True
    )

    assert "You cannot deactivate yourself" in response.content.decode()
    assert _membership(leader).is_active
    assert client.get(reverse("home")).status_code == 200


def test_it_reactivates_a_person_with_the_role_they_had(client, client_for, leader, champion):
    leader_client = client_for(leader)
    pk = _membership(champion).pk
    leader_client.post(reverse("accounts:membership_deactivate", args=[pk]))

    response = leader_client.post(reverse("accounts:membership_reactivate", args=[pk]), follow=True)

    assert f"{champion} can sign in again." in response.content.decode()
    membership = _membership(champion)
    assert membership.is_active
    assert membership.deactivated_at is None
    assert membership.role == Role.CHAMPION
    signed_in = client.post(
        reverse("accounts:login"), {"username": champion.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert "Your careers work" in client.get(signed_in.url).content.decode()


def test_it_lists_deactivated_people_last_with_their_status(client_for, leader, champion):
    client = client_for(leader)
    client.post(reverse("accounts:membership_deactivate", args=[_membership(champion).pk]))

    content = client.get(PEOPLE).content.decode()

    assert '<span class="status status-grey">Deactivated</span>' in content
    assert content.index(leader.email) < content.index(champion.email)
    assert "This is you" in content


def test_it_points_to_reactivation_when_inviting_a_deactivated_person(
    client_for, leader, champion, django_capture_on_commit_callbacks
):
    client = client_for(leader)
    client.post(reverse("accounts:membership_deactivate", args=[_membership(champion).pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, _invite_data(email=champion.email))

    assert response.status_code == 200
    assert "was deactivated here. Reactivate them from the people page." in (
        response.content.decode()
    )
    assert not _membership(champion).is_active
    assert mail.outbox == []


def test_the_leader_cannot_take_away_their_own_role(client_for, leader):
    response = client_for(leader).post(
        reverse("accounts:membership_edit", args=[_membership(leader).pk]),
        {"role": Role.GOVERNOR, "department": ""},
    )

    assert response.status_code == 200
    assert "You cannot change your own role" in response.content.decode()
    assert _membership(leader).role == Role.CAREERS_LEADER
