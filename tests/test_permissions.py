"""The permission matrix: every URL pattern x every kind of visitor, with the expected answer.

A new URL pattern without a row here fails `test_it_covers_every_url_pattern`. Visitors are
anonymous, the four roles of the institution, and `outsider`, a careers leader of another
institution: for URLs naming an object of our institution the outsider must get 404, never the
object. "login" means a redirect to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careers_portal.accounts.models import Membership
from tests.benchmarks import factories as bm
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.encounters import factories as en
from tests.insights import factories as ins
from tests.plans import factories as pl
from tests.surveys import factories as sv

# The matrix posts typed dates (a milestone done on "2026-11-20") and its objects come from the
# factories' dates: it runs on the day those were written around.
_today = pinned_today(AUTUMN_TERM_2026)

VISITORS = ["anonymous", "leader", "champion", "slt", "governor", "outsider"]


@dataclass(frozen=True)
class Row:
    expect: dict[str, int | str]
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: Callable[[dict], dict] | dict = field(default_factory=dict)


def everyone(code: int | str, **overrides) -> dict[str, int | str]:
    """The same answer for every signed-in visitor, anonymous sent to sign in, with exceptions."""
    return {"anonymous": "login", **dict.fromkeys(VISITORS[1:], code), **overrides}


def only(codes: dict[str, int | str], otherwise: int = 403, outsider: int | str | None = None):
    """`codes` for the roles named, `otherwise` for the others; the outsider as given."""
    expect = everyone(otherwise, **codes)
    if outsider is not None:
        expect["outsider"] = outsider
    return expect


def membership_of(role: str) -> Callable[[dict], dict]:
    return lambda world: {"pk": Membership.objects.get(user=world[role]).pk}


def published_careers_page(world: dict) -> dict:
    from careers_portal.insights.models import CareersPage

    CareersPage.objects.get_or_create(
        institution=world["institution"],
        defaults={"published": True, "telephone": "0161 496 0000"},
    )
    return {"pk": world["institution"].pk}


def an_import_job(world) -> dict:
    """A checked encounters import of our institution, waiting to be applied."""
    from careers_portal.schools.models import ImportJob

    job = ImportJob.objects.create(
        institution=world["institution"], kind="encounters", status=ImportJob.Status.CHECKED
    )
    return {"pk": job.pk}


PUBLIC = {"anonymous": 200, **dict.fromkeys(VISITORS[1:], 200)}
# Signed-in people are sent on from the sign-in page.
SIGN_IN_PAGE = {"anonymous": 200, **dict.fromkeys(VISITORS[1:], 302)}

MATRIX: dict[str, Row] = {
    "home": Row(everyone(200)),
    "healthz": Row(PUBLIC),
    "accounts:login": Row(SIGN_IN_PAGE),
    "accounts:logout": Row({"anonymous": 302, **dict.fromkeys(VISITORS[1:], 302)}, method="post"),
    "accounts:password_change": Row(everyone(200)),
    "accounts:password_change_done": Row(everyone(200)),
    "accounts:password_reset": Row(PUBLIC),
    "accounts:password_reset_done": Row(PUBLIC),
    "accounts:password_reset_confirm": Row(
        PUBLIC, kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "accounts:password_reset_complete": Row(PUBLIC),
    "accounts:choose_institution": Row(everyone(200)),
    "accounts:people": Row(everyone(200)),
    "accounts:activity": Row(only({"leader": 200}, outsider=200)),
    "accounts:invite": Row(only({"leader": 200}, outsider=200)),
    "accounts:membership_edit": Row(
        only({"leader": 200}, outsider=404), kwargs=membership_of("champion")
    ),
    "accounts:membership_deactivate": Row(
        only({"leader": 302}, outsider=404), kwargs=membership_of("champion"), method="post"
    ),
    "accounts:membership_reactivate": Row(
        only({"leader": 302}, outsider=404), kwargs=membership_of("champion"), method="post"
    ),
    # Two-step sign-in. The matrix's institutions have it off and nobody has an authenticator, so
    # the code step and the recovery codes send everyone on; tests/accounts/test_two_step*.py
    # walk the matrix again with it on.
    "accounts:two_step": Row(everyone(200)),
    "accounts:two_step_setup": Row(everyone(200)),
    "accounts:two_step_code": Row(everyone(302)),
    "accounts:two_step_recovery_codes": Row(everyone(302)),
    "accounts:two_step_new_codes": Row(everyone(302), method="post"),
    "accounts:two_step_turn_off": Row(everyone(302), method="post"),
    "accounts:two_step_policy": Row(only({"leader": 200}, outsider=200)),
    "accounts:two_step_reset": Row(
        only({"leader": 302}, outsider=404), kwargs=membership_of("champion"), method="post"
    ),
    "benchmarks:index": Row(everyone(200)),
    "benchmarks:assessment_list": Row(everyone(200)),
    "benchmarks:assessment_create": Row(only({"leader": 200}, outsider=200)),
    "benchmarks:assessment_detail": Row(everyone(200, outsider=404), kwargs=bm.an_assessment),
    "benchmarks:assessment_benchmark": Row(
        only({"leader": 200}, outsider=404),
        kwargs=lambda world: {**bm.an_assessment(world), "number": 1},
    ),
    "benchmarks:use_evidence": Row(
        only({"leader": 200}, outsider=404), kwargs=bm.an_assessment_and_criterion, method="post"
    ),
    "benchmarks:review_list": Row(everyone(200)),
    "benchmarks:review_create": Row(only({"leader": 200}, outsider=200)),
    "benchmarks:review_detail": Row(everyone(200, outsider=404), kwargs=bm.a_review),
    "benchmarks:response_edit": Row(
        only({"leader": 200}, outsider=404),
        kwargs=lambda world: {**bm.a_review(world), "code": "1.2"},
    ),
    "benchmarks:statement_text_edit": Row(
        only({"leader": 200}, outsider=200), kwargs=lambda world: {"code": "1.2"}
    ),
    "benchmarks:checklist": Row(everyone(200)),
    "benchmarks:checklist_edit": Row(only({"leader": 200}, outsider=200)),
    # The item's page is the visitor's own institution's checklist: the outsider sees theirs.
    "benchmarks:checklist_item_edit": Row(
        only({"leader": 200}, outsider=200), kwargs=lambda world: {"number": 4}
    ),
    "plans:list": Row(everyone(200)),
    "plans:create": Row(only({"leader": 200}, outsider=200)),
    "plans:mine": Row(everyone(200)),
    "plans:reminders": Row(everyone(200)),
    "plans:detail": Row(everyone(200, outsider=404), kwargs=pl.a_plan),
    "plans:pdf": Row(everyone(200, outsider=404), kwargs=pl.a_plan),
    "plans:edit": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_plan),
    "plans:vision": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_plan),
    "plans:current_state": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_plan),
    "plans:review": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_plan),
    "plans:archive": Row(only({"leader": 302}, outsider=404), kwargs=pl.a_plan, method="post"),
    "plans:approve_slt": Row(only({"slt": 302}), kwargs=pl.a_plan, method="post"),
    "plans:approve_governors": Row(only({"governor": 302}), kwargs=pl.a_plan, method="post"),
    "plans:send_for_approval": Row(
        only({"leader": 302}, outsider=404), kwargs=pl.a_plan, method="post"
    ),
    "plans:approval_pdf": Row(everyone(200, outsider=404), kwargs=pl.an_approval),
    "plans:swot": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_plan),
    "plans:swot_add": Row(
        only({"leader": 302}, outsider=404),
        kwargs=pl.a_plan,
        method="post",
        data={"quadrant": "threat", "text": "Falling rolls"},
    ),
    "plans:swot_edit": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_swot_item),
    "plans:swot_move": Row(
        only({"leader": 302}, outsider=404),
        kwargs=lambda world: {**pl.a_swot_item(world), "direction": "down"},
        method="post",
    ),
    "plans:swot_remove": Row(
        only({"leader": 302}, outsider=404), kwargs=pl.a_swot_item, method="post"
    ),
    "plans:objective_create": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_plan),
    "plans:objective_edit": Row(only({"leader": 200}, outsider=404), kwargs=pl.an_objective),
    "plans:objective_delete": Row(
        only({"leader": 302}, outsider=404), kwargs=pl.an_objective, method="post"
    ),
    "plans:objective_history": Row(everyone(200, outsider=404), kwargs=pl.an_objective),
    "plans:action_create": Row(only({"leader": 200}, outsider=404), kwargs=pl.an_objective),
    "plans:action_edit": Row(only({"leader": 200}, outsider=404), kwargs=pl.an_action),
    # The champion owns the action and the milestone: owners update their own.
    "plans:action_update": Row(
        only({"leader": 200, "champion": 200}, outsider=404), kwargs=pl.an_action
    ),
    "plans:action_delete": Row(
        only({"leader": 302}, outsider=404), kwargs=pl.an_action, method="post"
    ),
    "plans:action_history": Row(everyone(200, outsider=404), kwargs=pl.an_action),
    "plans:milestone_create": Row(only({"leader": 200}, outsider=404), kwargs=pl.an_objective),
    "plans:milestone_edit": Row(only({"leader": 200}, outsider=404), kwargs=pl.a_milestone),
    "plans:milestone_update": Row(
        only({"leader": 302, "champion": 302}, outsider=404),
        kwargs=pl.a_milestone,
        method="post",
        data={"done_date": "2026-11-20"},
    ),
    "plans:milestone_delete": Row(
        only({"leader": 302}, outsider=404), kwargs=pl.a_milestone, method="post"
    ),
    "plans:actions": Row(everyone(200, outsider=404), kwargs=pl.a_plan),
    "plans:action_from_statement": Row(
        only({"leader": 200}, outsider=404), kwargs=pl.a_priority_response
    ),
    "plans:action_from_criterion": Row(
        only({"leader": 200}, outsider=404), kwargs=pl.a_criterion_not_met
    ),
    "plans:actions_export": Row(
        everyone(200, outsider=404), kwargs=lambda world: {**pl.a_plan(world), "fmt": "csv"}
    ),
    "encounters:list": Row(only({"leader": 200, "champion": 200, "slt": 200}, outsider=200)),
    "encounters:create": Row(only({"leader": 200, "champion": 200}, outsider=200)),
    "encounters:detail": Row(
        only({"leader": 200, "champion": 200, "slt": 200}, outsider=404), kwargs=en.an_encounter
    ),
    "encounters:history": Row(
        only({"leader": 200, "champion": 200, "slt": 200}, outsider=404), kwargs=en.an_encounter
    ),
    # The encounter belongs to the champion's department: champions edit their own.
    "encounters:edit": Row(
        only({"leader": 200, "champion": 200}, outsider=404), kwargs=en.an_encounter
    ),
    "encounters:learner_add": Row(
        only({"leader": 302, "champion": 302}, outsider=404),
        kwargs=en.an_encounter,
        method="post",
        data=lambda world: {"learner": world["_learner"].pk},
    ),
    "encounters:learner_remove": Row(
        only({"leader": 302, "champion": 302}, outsider=404),
        kwargs=en.an_encounter_and_learner,
        method="post",
    ),
    "encounters:organisation_search": Row(only({"leader": 200, "champion": 200}, outsider=200)),
    "encounters:organisation_create": Row(
        only({"leader": 302, "champion": 302}, outsider=302),
        method="post",
        data={"new-name": "Acme Engineering", "new-kind": "employer"},
    ),
    # Organisations: read with the encounters; whoever logs encounters keeps their contacts.
    "encounters:organisations": Row(
        only({"leader": 200, "champion": 200, "slt": 200}, outsider=200)
    ),
    "encounters:organisation": Row(
        only({"leader": 200, "champion": 200, "slt": 200}, outsider=404), kwargs=en.an_organisation
    ),
    "encounters:contact_add": Row(
        only({"leader": 302, "champion": 302}, outsider=404),
        kwargs=en.an_organisation,
        method="post",
        data={"contact-name": "Alex Reed", "contact-email": "alex@example.com"},
    ),
    "encounters:contact_edit": Row(
        only({"leader": 200, "champion": 200}, outsider=404),
        kwargs=en.an_organisation_and_contact,
    ),
    "encounters:contact_remove": Row(
        only({"leader": 302, "champion": 302}, outsider=404),
        kwargs=en.an_organisation_and_contact,
        method="post",
    ),
    "encounters:coverage": Row(everyone(200)),
    "encounters:not_covered": Row(only({"leader": 200}, outsider=200)),
    "encounters:pal": Row(everyone(200)),
    "encounters:outcomes": Row(everyone(200)),
    "encounters:guidance": Row(only({"leader": 200}, outsider=200)),
    "encounters:learner_record": Row(only({"leader": 200}, outsider=404), kwargs=en.a_learner),
    "encounters:import": Row(only({"leader": 200}, outsider=200)),
    "encounters:import_confirm": Row(only({"leader": 302}, outsider=302), method="post"),
    "encounters:export": Row(
        only({"leader": 200, "champion": 200, "slt": 200}, outsider=200),
        kwargs=lambda world: {"fmt": "csv"},
    ),
    # The careers programme: everyone reads it (no learner in it); the leader plans it.
    "encounters:programme": Row(everyone(200)),
    "encounters:programme_pdf": Row(everyone(200)),
    "encounters:programme_audit": Row(everyone(200)),
    "encounters:activity_create": Row(only({"leader": 200}, outsider=200)),
    "encounters:programme_template": Row(
        only({"leader": 302}, outsider=302), method="post", data={"template": "mainstream"}
    ),
    "encounters:programme_copy": Row(only({"leader": 302}, outsider=302), method="post"),
    "encounters:activity": Row(everyone(200, outsider=404), kwargs=en.a_planned_activity),
    "encounters:activity_edit": Row(
        only({"leader": 200}, outsider=404), kwargs=en.a_planned_activity
    ),
    "encounters:activity_move": Row(
        only({"leader": 302}, outsider=404),
        kwargs=en.a_planned_activity,
        method="post",
        data={"half_term": "3"},
    ),
    "encounters:activity_remove": Row(
        only({"leader": 302}, outsider=404), kwargs=en.a_planned_activity, method="post"
    ),
    "learners:list": Row(only({"leader": 200, "slt": 200}, outsider=200)),
    "learners:anonymise": Row(only({"leader": 200}, outsider=404), kwargs=en.a_learner),
    "insights:subject_access": Row(only({"leader": 200}, outsider=404), kwargs=en.a_learner),
    # The statutory careers page: public once published; its wording is the careers leader's.
    "careers_information": Row(PUBLIC, kwargs=published_careers_page),
    "insights:careers_page_edit": Row(only({"leader": 200}, outsider=200)),
    "insights:careers_page_html": Row(only({"leader": 200}, outsider=200)),
    "insights:learner": Row(only({"leader": 200}, outsider=404), kwargs=en.a_learner),
    "insights:learner_edit": Row(only({"leader": 200}, outsider=404), kwargs=en.a_learner),
    "insights:dashboard": Row(only({"leader": 200, "slt": 200, "governor": 200}, outsider=200)),
    "insights:questions": Row(only({"leader": 200, "slt": 200, "governor": 200}, outsider=200)),
    "insights:trust": Row(only({"leader": 200, "slt": 200, "governor": 200}, outsider=200)),
    "insights:measures": Row(everyone(200, outsider=404), kwargs=pl.an_objective),
    "insights:measure_delete": Row(
        only({"leader": 302}, outsider=404), kwargs=ins.a_measure, method="post"
    ),
    "insights:local_neet": Row(only({"leader": 200}, outsider=200)),
    "insights:reports": Row(only({"leader": 200, "slt": 200, "governor": 200}, outsider=200)),
    # Without a year chosen the build sends the reader back to the reports page.
    "insights:report_build": Row(only({"leader": 302, "slt": 302}, outsider=302), method="post"),
    "insights:report_retry": Row(
        only({"leader": 302, "slt": 302}, outsider=404), kwargs=ins.a_failed_report, method="post"
    ),
    "insights:report_download": Row(
        only({"leader": 200, "slt": 200, "governor": 200}, outsider=404), kwargs=ins.a_ready_report
    ),
    "learners:import": Row(only({"leader": 200}, outsider=200)),
    # Without an uploaded file the later steps send the leader back to the upload.
    "learners:import_mapping": Row(only({"leader": 302}, outsider=302)),
    "learners:import_check": Row(only({"leader": 302}, outsider=302)),
    "learners:import_apply": Row(only({"leader": 302}, outsider=302), method="post"),
    # Term dates and the new academic year: the careers leader only, each of their own.
    "learners:term_dates": Row(only({"leader": 200}, outsider=200)),
    "learners:new_year": Row(only({"leader": 200}, outsider=200)),
    # A missing file, or a day outside July to October: back to the page with the reason.
    "learners:new_year_roll": Row(only({"leader": 302}, outsider=302), method="post"),
    "learners:new_year_apply": Row(only({"leader": 302}, outsider=302), method="post"),
    "destinations:to_confirm": Row(only({"leader": 200, "slt": 200}, outsider=200)),
    "destinations:summary": Row(only({"leader": 200, "slt": 200, "governor": 200}, outsider=200)),
    "destinations:learner": Row(
        only({"leader": 200, "slt": 200}, outsider=404), kwargs=en.a_learner
    ),
    # An empty form comes back with its errors.
    "destinations:record": Row(
        only({"leader": 200}, outsider=404), kwargs=en.a_learner, method="post"
    ),
    "destinations:grid": Row(only({"leader": 200}, outsider=200)),
    "destinations:grid_save": Row(
        only({"leader": 302}, outsider=404), kwargs=en.a_learner, method="post"
    ),
    "destinations:import": Row(only({"leader": 200}, outsider=200)),
    "destinations:import_apply": Row(only({"leader": 302}, outsider=302), method="post"),
    "destinations:la_return": Row(only({"leader": 200, "slt": 200}, outsider=200)),
    "surveys:list": Row(only({"leader": 200, "slt": 200, "governor": 200}, outsider=200)),
    "surveys:new": Row(only({"leader": 200}, outsider=200)),
    "surveys:detail": Row(only({"leader": 200, "slt": 200}, outsider=404), kwargs=sv.a_survey_of),
    "surveys:edit": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_survey_of),
    "surveys:copy": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_survey_of),
    "surveys:delete": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_survey_of, method="post"
    ),
    # An empty title sends the leader back to the survey with a message.
    "surveys:section_add": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_survey_of, method="post"
    ),
    "surveys:section_edit": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_section_of),
    "surveys:section_move": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_section_of, method="post"
    ),
    "surveys:section_delete": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_section_of, method="post"
    ),
    "surveys:question_add": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_section_of),
    "surveys:question_edit": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_question_of),
    "surveys:question_move": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_question_of, method="post"
    ),
    "surveys:question_delete": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_question_of, method="post"
    ),
    "surveys:invite": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_survey_of),
    # Not a learner survey: the leader is sent back to the invite page.
    "surveys:invite_learners": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_survey_of, method="post"
    ),
    # An empty list comes back with its error.
    "surveys:invite_emails": Row(
        only({"leader": 200}, outsider=404), kwargs=sv.a_survey_of, method="post"
    ),
    "surveys:open_link": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.a_survey_of, method="post"
    ),
    "surveys:links": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_survey_of),
    "surveys:links_csv": Row(only({"leader": 200}, outsider=404), kwargs=sv.a_survey_of),
    "surveys:results": Row(
        only({"leader": 200, "slt": 200, "governor": 200}, outsider=404), kwargs=sv.a_survey_of
    ),
    "surveys:results_export": Row(
        only({"leader": 200, "slt": 200, "governor": 200}, outsider=404),
        kwargs=sv.a_survey_export,
    ),
    "surveys:ask_reflections": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.an_encounter_of, method="post"
    ),
    "surveys:ask_feedback": Row(only({"leader": 200}, outsider=404), kwargs=sv.an_encounter_of),
    "surveys:use_as_evidence": Row(
        only({"leader": 302}, outsider=404), kwargs=sv.an_encounter_survey_of, method="post"
    ),
    "surveys:learner": Row(only({"leader": 200}, outsider=404), kwargs=en.a_learner),
    # Public: answered without an account, by anyone holding the link.
    "surveys:answer": Row(PUBLIC, kwargs=sv.a_token_of),
    "surveys:answer_open": Row(PUBLIC, kwargs=sv.an_open_token_of),
    "surveys:thanks": Row(PUBLIC),
    # A big import's page and its confirmation need the capability of that import.
    "imports:detail": Row(only({"leader": 200}, outsider=404), kwargs=an_import_job),
    "imports:apply": Row(only({"leader": 302}, outsider=404), kwargs=an_import_job, method="post"),
    # The admin is for the people who run the service (staff), never for a role.
    "admin:*": Row({"anonymous": 302, **dict.fromkeys(VISITORS[1:], 302)}),
}

ADMIN_PROBE = "admin:index"


def _pattern_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                names.add("admin:*")
                continue
            names |= _pattern_names(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>")
    return names


def test_it_covers_every_url_pattern():
    assert _pattern_names(get_resolver()) == set(MATRIX)


@pytest.fixture
def world(role_users, institution, other_institution):
    return {**role_users, "institution": institution, "other_institution": other_institution}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_gives_each_visitor_the_expected_answer(name, visitor, world, client_for):
    row = MATRIX[name]
    url = reverse(
        ADMIN_PROBE if name == "admin:*" else name, kwargs=row.kwargs(world) if row.kwargs else None
    )
    data = row.data(world) if callable(row.data) else row.data
    response = getattr(client_for(world[visitor]), row.method)(url, data)
    expected = row.expect[visitor]
    if expected == "login":
        assert response.status_code == 302, (name, visitor, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == expected, (name, visitor, response.status_code)
    if world[visitor] is not None:
        # Any answer to a signed-in person may hold learners' data: never kept in a cache.
        assert "no-store" in response.get("Cache-Control", ""), (name, visitor)
