"""The plan PDF: made by WeasyPrint from the document template, holding the whole plan."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from django.urls import reverse

from tests.conftest import require
from tests.plans import seed000

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"


def _text(pdf: bytes, tmp_path: Path) -> str:
    require(shutil.which("pdftotext") is not None, "poppler-utils (pdftotext) is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return _plain(text)


def _plain(text: str) -> str:
    """Spacing, quotes and hyphens evened out: pdftotext joins words hyphenated at line ends."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("-", "")).strip()


def test_it_puts_every_priority_action_and_milestone_of_the_plan_in_the_pdf(
    institution, leader, client_for, tmp_path
):
    plan = seed000.build_plan(institution, owner=leader)
    response = client_for(leader).get(reverse("plans:pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="strategic-careers-plan-2025-2028.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)

    assert _plain("Strategic Careers Plan (2025-2028)") in text
    assert _plain(seed000.VISION) in text
    for number, priority in enumerate(seed000.PRIORITIES, start=1):
        assert _plain(f"Priority {number}: {priority['title']}") in text
        for words in (priority["problem"], priority["strategic_objective"], priority["outcomes"]):
            assert _plain(words) in text
        for description, _cpd in priority["actions"]:
            assert _plain(description) in text, description
        for title, _due in priority["milestones"]:
            assert _plain(title) in text, title
    assert "Next review date 15 July 2026" in text

    # Page 1 as an image, kept for people to look at.
    require(shutil.which("pdftoppm") is not None, "poppler-utils (pdftoppm) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "plan.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(ARTIFACTS / "plan.pdf"),
            str(ARTIFACTS / "plan-page"),
        ],
        check=True,
    )
    assert list(ARTIFACTS.glob("plan-page*.png"))


# On-screen prompts that ask the reader to do something: never in a document for governors.
SCREEN_PROMPTS = (
    "Complete a self-assessment",
    "None yet",
    "Not written yet",
    "No objectives yet",
    "Most plans have 3 to 5",
    "None linked yet",
    "No actions yet",
    "No milestones yet",
    "No priority action areas marked yet",
    "No review recorded yet",
    "Send the plan for approval",
)


def _layout(pdf: bytes, tmp_path: Path, name: str) -> str:
    require(shutil.which("pdftotext") is not None, "poppler-utils (pdftotext) is not installed")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _page_images(pdf: bytes, name: str) -> list[Path]:
    require(shutil.which("pdftoppm") is not None, "poppler-utils (pdftoppm) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-page*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            str(ARTIFACTS / f"{name}.pdf"),
            str(ARTIFACTS / f"{name}-page"),
        ],
        check=True,
    )
    return sorted(ARTIFACTS.glob(f"{name}-page*.png"))


def test_an_empty_plan_prints_no_on_screen_prompts(plan, leader, client_for, tmp_path):
    pdf = client_for(leader).get(reverse("plans:pdf", args=[plan.pk])).content
    text = _layout(pdf, tmp_path, "empty")
    for prompt in SCREEN_PROMPTS:
        assert prompt not in text, prompt
    assert "None recorded." in text
    assert _page_images(pdf, "plan-empty")


def test_the_header_gives_each_fact_on_its_own_line(
    institution, leader, slt, governor, client_for, tmp_path
):
    from plans import services

    plan = seed000.build_plan(institution, owner=leader)
    services.plan_approve_slt(plan=plan, by=slt)
    services.plan_approve_governors(plan=plan, by=governor)
    pdf = client_for(governor).get(reverse("plans:pdf", args=[plan.pk])).content
    text = _layout(pdf, tmp_path, "approved")
    header = text.split("1. Vision")[0]
    lines = [" ".join(line.split()) for line in header.splitlines() if line.strip()]
    date = plan.approvals.first().approved_at.strftime("%-d %B %Y")
    assert "Status Approved" in lines
    assert f"Approved by SLT {date} by {slt} (version 1)" in lines
    assert f"Approved by governors {date} by {governor} (version 1)" in lines
    assert "Next review date 15 July 2026" in lines
    # No value runs into the next ("... by Chris Okafor1 July 2026").
    assert not re.search(r"[a-z]\d", header), header
    assert _page_images(pdf, "plan-approved")
