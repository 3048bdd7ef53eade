"""The NCCIS activity codes shipped as reference data, each mapped to one of our categories.

From the research note (Youth-Transitions' NCCIS list, corroborated by two others). 1xx codes are
pre-16 statuses, not destinations: they map to "other". Custody and refugee codes map to "other"
too, as no category of ours fits. 550 is NEET in the list we follow; the lookup table is versioned
by dates so a local authority using the other reading can add a row of its own.
"""

from __future__ import annotations

CODES: list[tuple[str, str, str]] = [
    ("110", "Pre-16: at school", "other"),
    ("120", "Pre-16: home educated", "other"),
    ("130", "Pre-16: custodial institution", "other"),
    ("140", "Pre-16: not registered at a school", "other"),
    ("150", "Pre-16: not known", "other"),
    ("210", "Full-time education: school sixth form", "school_sixth_form"),
    ("220", "Full-time education: sixth-form college", "sixth_form_college"),
    ("230", "Full-time education: further education", "fe_college"),
    ("240", "Full-time education: higher education", "higher_education"),
    ("250", "Part-time education", "other_fe"),
    ("260", "Gap year students", "gap_year"),
    ("270", "Full-time education: other", "other_fe"),
    ("280", "Full-time education: specialist post-16 institution", "other_fe"),
    ("290", "Full-time education: custodial institution (juvenile offender)", "other"),
    ("310", "Apprenticeship", "apprenticeship"),
    (
        "320",
        "Full-time employment with study (regulated qualification)",
        "employment_with_training",
    ),
    ("330", "Employment without training", "employment_without_training"),
    ("340", "Employment with training (other)", "employment_with_training"),
    ("350", "Temporary employment", "employment_without_training"),
    ("360", "Part-time employment", "employment_without_training"),
    ("380", "Self-employment", "employment_without_training"),
    ("381", "Self-employment with study (regulated qualification)", "employment_with_training"),
    ("410", "Work-based learning", "other_fe"),
    ("430", "Other training", "other_fe"),
    ("440", "Training delivered through the Jobcentre", "other_fe"),
    ("450", "Traineeship", "supported_internship"),
    ("460", "Supported internship", "supported_internship"),
    ("530", "Re-engagement provision", "other_fe"),
    ("540", "NEET: seeking employment, education or training", "neet"),
    ("550", "NEET: working not for reward with part-time study", "neet"),
    ("610", "NEET: not yet ready for work or learning", "neet"),
    ("615", "NEET: start date agreed", "neet"),
    ("616", "NEET: seeking employment, education or training", "neet"),
    ("619", "NEET: other", "neet"),
    ("620", "NEET: young carer", "neet"),
    ("630", "NEET: teenage parent", "neet"),
    ("640", "NEET: illness", "neet"),
    ("650", "NEET: pregnancy", "neet"),
    ("660", "NEET: religious grounds", "neet"),
    ("670", "NEET: unlikely ever to be economically active", "neet"),
    ("680", "NEET: other reason", "neet"),
    ("710", "Custody (young adult offender)", "other"),
    ("720", "Refugee or asylum seeker", "other"),
    ("810", "Current situation not known", "unknown"),
    ("820", "Cannot be contacted", "unknown"),
    ("830", "Refused to disclose activity", "unknown"),
]
