"""Ready-made surveys a careers leader starts from, in the app's own words.

Each blueprint is plain data: sections of questions, each question optionally tagged with a
Gatsby benchmark number, a CDI learning area code or a Skills Builder skill name (the reference
data benchmarks ships). `services.survey_from_blueprint` turns one into a Survey the leader then
edits. The wording is ours: no published questionnaire is copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from surveys.models import Audience, Purpose

A = "agreement"
SINGLE = "single"
MULTIPLE = "multiple"
NUMBER = "number"
TEXT = "text"


@dataclass(frozen=True)
class Q:
    text: str
    kind: str = A
    choices: tuple[str, ...] = ()
    required: bool = True
    benchmark: int | None = None
    cdi: str = ""  # CDI area code: grow, explore, manage, create, balance, big_picture
    skill: str = ""  # Skills Builder skill name
    help_text: str = ""


@dataclass(frozen=True)
class S:
    title: str
    questions: tuple[Q, ...]
    introduction: str = ""


@dataclass(frozen=True)
class Blueprint:
    key: str
    title: str
    audience: str
    purpose: str
    summary: str
    sections: tuple[S, ...]
    anonymous: bool = True
    cdi_stage: str = ""  # the CDI stage its CDI tags refer to
    introduction: str = ""
    extra: dict = field(default_factory=dict)


SKILLS = (
    "Listening",
    "Speaking",
    "Problem Solving",
    "Creativity",
    "Staying Positive",
    "Aiming High",
    "Leadership",
    "Teamwork",
)
SKILL_WORDS = {
    "Listening": "I listen carefully and can use what I have heard",
    "Speaking": "I can explain my ideas clearly out loud",
    "Problem Solving": "I can work out a way through a problem",
    "Creativity": "I come up with new ideas",
    "Staying Positive": "I keep going when things get difficult",
    "Aiming High": "I set myself goals and work towards them",
    "Leadership": "I can support and encourage others in a group",
    "Teamwork": "I work well with other people towards a shared goal",
}


def _skills_section() -> S:
    return S(
        "Your skills",
        tuple(Q(SKILL_WORDS[name], skill=name, cdi="grow") for name in SKILLS),
        introduction="How far do you agree with each sentence about yourself?",
    )


def _programme_section(whose: str, *, bm1: bool = True) -> S:
    return S(
        "The careers programme",
        (
            Q(f"I know that {whose} a planned careers programme", benchmark=1 if bm1 else None),
            Q(
                "I understand what the careers programme offers and when it happens",
                benchmark=1 if bm1 else None,
            ),
            Q("I know where to find information about the careers programme", benchmark=1),
            Q("I know who leads careers and how to contact them", benchmark=1),
        ),
    )


def _improve_section() -> S:
    return S(
        "Your ideas",
        (
            Q(
                "What works well in careers education here?",
                kind=TEXT,
                required=False,
            ),
            Q("What one thing would make it better?", kind=TEXT, required=False),
        ),
    )


def _readiness(key_stage: str, stage: str, options: tuple[str, ...], after: str) -> Blueprint:
    return Blueprint(
        key="readiness-ks" + key_stage[-1],
        title=f"Career readiness ({key_stage})",
        audience=Audience.LEARNERS,
        purpose=Purpose.READINESS,
        anonymous=False,
        cdi_stage=stage,
        summary=(
            f"For learners in {key_stage}: how well they know their options after {after}, "
            "where they find trusted information, how confident they feel about their next step, "
            "and the eight Skills Builder skills rated by themselves. Kept with each learner, so "
            "you can follow their readiness over the years."
        ),
        introduction=(
            "This survey helps your school plan careers education. There are no right or wrong "
            "answers: tell us what you really think."
        ),
        sections=(
            S(
                "Your options",
                (
                    Q(f"I know what my options are after {after}", cdi="explore", benchmark=7),
                    Q("I understand what an apprenticeship is and who it suits", cdi="explore"),
                    Q("I understand what a T level is and who it suits", cdi="explore"),
                    Q("I know what university or college study could lead to", cdi="explore"),
                    Q(
                        "Which options after " + after + " are you thinking about?",
                        kind=MULTIPLE,
                        choices=options,
                        required=False,
                        cdi="manage",
                    ),
                ),
            ),
            S(
                "Information and advice",
                (
                    Q(
                        "I know where to find information about jobs and careers I can trust",
                        cdi="big_picture",
                        benchmark=2,
                    ),
                    Q("I know which jobs are growing in my area", cdi="big_picture", benchmark=2),
                    Q("I have talked to someone about my career ideas", cdi="manage", benchmark=8),
                    Q(
                        "I have learned about jobs in my lessons",
                        cdi="explore",
                        benchmark=4,
                    ),
                ),
            ),
            S(
                "Your next step",
                (
                    Q("I feel confident about choosing my next step", cdi="manage"),
                    Q("I know what I need to do to get where I want to be", cdi="manage"),
                    Q("I can talk about my strengths with others", cdi="create"),
                    Q(
                        "How sure are you about what you want to do next?",
                        kind=SINGLE,
                        choices=(
                            "Very sure",
                            "Quite sure",
                            "Not very sure",
                            "I have no idea yet",
                        ),
                        cdi="manage",
                    ),
                ),
            ),
            _skills_section(),
        ),
    )


POST_16_OPTIONS = (
    "Sixth form",
    "College",
    "Apprenticeship",
    "T level",
    "Work with training",
    "Not sure yet",
)
POST_18_OPTIONS = (
    "University",
    "Degree apprenticeship",
    "Higher or advanced apprenticeship",
    "College course",
    "Job with training",
    "Gap year",
    "Not sure yet",
)


def _baseline(audience: str, title: str, whose: str, summary: str) -> Blueprint:
    return Blueprint(
        key=f"baseline-{audience}",
        title=title,
        audience=audience,
        purpose=Purpose.BASELINE,
        summary=summary,
        introduction=(
            "We are reviewing our careers programme and would like your view. It takes about "
            "five minutes and your answers are anonymous."
        ),
        sections=(
            _programme_section(whose),
            S(
                "How well it works",
                (
                    Q("The careers programme helps young people make good choices", benchmark=1),
                    Q(
                        "The careers programme meets the needs of every young person, "
                        "including those with SEND",
                        benchmark=3,
                    ),
                    Q("I feel able to give my views on the careers programme", benchmark=1),
                ),
            ),
            _improve_section(),
        ),
    )


BLUEPRINTS: tuple[Blueprint, ...] = (
    _readiness("Key Stage 3", "11-14", POST_16_OPTIONS, "Year 11"),
    _readiness("Key Stage 4", "14-16", POST_16_OPTIONS, "Year 11"),
    _readiness("Key Stage 5", "post-16", POST_18_OPTIONS, "Year 13"),
    _baseline(
        Audience.LEARNERS,
        "Learners' view of the careers programme",
        "the school has",
        "Do learners know about and understand the careers programme (Benchmark 1)? Anonymous.",
    ),
    _baseline(
        Audience.PARENTS,
        "Parents' and carers' view of the careers programme",
        "the school has",
        "Do parents and carers know about the programme and how to find out more?",
    ),
    _baseline(
        Audience.STAFF,
        "Staff view of the careers programme",
        "the school has",
        "Do teachers and support staff know the programme and their part in it?",
    ),
    _baseline(
        Audience.EMPLOYERS,
        "Employers' view of the careers programme",
        "the school has",
        "Do the employers you work with know the programme and how to take part?",
    ),
    _baseline(
        Audience.ADVISERS,
        "Careers advisers' view of the careers programme",
        "the school has",
        "Careers advisers evaluate the programme too (Benchmark 1, 2025).",
    ),
    _baseline(
        Audience.GOVERNORS,
        "Governors' view of the careers programme",
        "the school has",
        "Do governors know the programme and how it is reviewed?",
    ),
    Blueprint(
        key="reflection",
        title="Reflection after an encounter",
        audience=Audience.LEARNERS,
        purpose=Purpose.ENCOUNTER,
        summary="A short reflection for learners after an encounter: what they learned and did.",
        introduction="Think back to the activity you took part in.",
        sections=(
            S(
                "What you thought",
                (
                    Q("I knew why we were taking part before it started", cdi="explore"),
                    Q("I learned something new about a job or a workplace", cdi="explore"),
                    Q("I was able to ask questions and talk to the visitors", cdi="create"),
                    Q("It has helped me think about my own future", cdi="grow"),
                    Q("What is the most useful thing you learned?", kind=TEXT, required=False),
                ),
            ),
        ),
    ),
    Blueprint(
        key="employer-feedback",
        title="Feedback from the employer or provider",
        audience=Audience.EMPLOYERS,
        purpose=Purpose.ENCOUNTER,
        summary="For the employer or provider after an encounter: how it went and how to improve.",
        introduction="Thank you for working with our learners. Your feedback helps us improve.",
        sections=(
            S(
                "The activity",
                (
                    Q("The purpose of the activity was clear to us beforehand", benchmark=5),
                    Q("Learners were well prepared and asked good questions", benchmark=5),
                    Q("There was enough time to talk with learners", benchmark=5),
                    Q(
                        "How many people from your organisation took part?",
                        kind=NUMBER,
                        required=False,
                    ),
                    Q("Would you take part again?", kind=SINGLE, choices=("Yes", "Maybe", "No")),
                    Q("Your feedback on the learners and the activity", kind=TEXT, required=False),
                ),
            ),
        ),
    ),
)

BY_KEY = {blueprint.key: blueprint for blueprint in BLUEPRINTS}
