"""Reference data: the Gatsby Benchmarks 2018 and 2025 with their criteria for schools and for
colleges/ITPs, the meaning of "meaningful" (BM5-7), CDI learning areas, Skills Builder skills, the
careers impact maturity statements (codes and titles) and the 20-item annual checklist.

Criteria are our own plain summaries of the published benchmarks; the full wording belongs to its
publishers. The data lives in this file (not imported from the app) so the migration never changes.
"""

from django.db import migrations

TITLES = {
    1: "A stable careers programme",
    2: "Learning from career and labour market information",
    3: "Addressing the needs of each young person",
    4: "Linking curriculum learning to careers",
    5: "Encounters with employers and employees",
    6: "Experiences of workplaces",
    7: "Encounters with further and higher education",
    8: "Personal guidance",
}
TITLES_2018 = {**TITLES, 3: "Addressing the needs of each pupil"}

# (version, audience) -> {benchmark number: [criterion text, ...]}; codes are "<bm>.<n>".
CRITERIA = {
    ("2018", "school"): {
        1: [
            "The school has a stable, structured careers programme with the explicit backing of the "
            "senior leadership team and an identified, appropriately trained person responsible for it.",
            "The careers programme is published on the school's website so that pupils, parents, "
            "teachers and employers can find and understand it.",
            "The programme is regularly evaluated, with feedback from pupils, parents, teachers and "
            "employers.",
        ],
        2: [
            "By the age of 14, every pupil has accessed and used information about career paths and "
            "the labour market to inform their own decisions on study options.",
            "Parents are encouraged to access and use information about labour markets and future "
            "study options to support their children.",
        ],
        3: [
            "The careers programme actively challenges stereotypical thinking and raises aspirations.",
            "The school keeps systematic records of the individual advice given to each pupil and the "
            "decisions agreed.",
            "Every pupil has access to their own records to support their career development.",
            "The school collects and keeps accurate destination data for each pupil for at least three "
            "years after they leave.",
        ],
        4: [
            "By the age of 14, every pupil has had the chance to learn how the different STEM subjects "
            "help people into, and in, a wide range of careers.",
            "Subject teachers link curriculum learning with careers.",
        ],
        5: [
            "Every year from the age of 11, every pupil takes part in at least one meaningful encounter "
            "with an employer.",
        ],
        6: [
            "By the age of 16, every pupil has had at least one experience of a workplace, additional "
            "to any part-time job.",
            "By the age of 18, every pupil has had one further experience of a workplace, additional to "
            "any part-time job.",
        ],
        7: [
            "By the age of 16, every pupil has had a meaningful encounter with providers of the full "
            "range of learning opportunities (sixth forms, colleges, universities, apprenticeship "
            "providers), meeting both staff and learners.",
            "By the age of 18, every pupil considering university has had at least two visits to "
            "universities to meet staff and students.",
        ],
        8: [
            "Every pupil has at least one personal guidance interview with a suitably trained careers "
            "adviser by the age of 16.",
            "Every pupil has the opportunity of a further interview by the age of 18.",
            "Interviews are available whenever significant study or career choices are being made.",
        ],
    },
    ("2018", "college"): {
        1: [
            "The college has a stable, structured careers programme with the explicit backing of the "
            "senior leadership team and an identified, appropriately trained person responsible for it.",
            "The careers programme is published on the college's website so that learners, parents, "
            "staff and employers can find and understand it.",
            "The programme is regularly evaluated, with feedback from learners, parents, staff and "
            "employers.",
        ],
        2: [
            "During their study programme, every learner accesses and uses information about career "
            "paths and the labour market to inform their own decisions.",
            "Parents are encouraged to access and use information about labour markets and future "
            "study options to support their children.",
        ],
        3: [
            "The careers programme actively challenges stereotypical thinking and raises aspirations.",
            "The college keeps systematic records of the individual advice given to each learner and "
            "the decisions agreed.",
            "Every learner has access to their own records to support their career development.",
            "The college collects and keeps accurate destination data for each learner for at least "
            "three years after they leave.",
        ],
        4: [
            "Throughout their programme, every learner has the chance to learn how their subjects help "
            "people into, and in, a wide range of occupations.",
        ],
        5: [
            "Every year, alongside their study programme, every learner takes part in at least two "
            "meaningful encounters with an employer, at least one through their curriculum area.",
        ],
        6: [
            "By the end of their study programme, every learner has had at least one experience of a "
            "workplace, additional to any part-time job.",
        ],
        7: [
            "By the end of their programme, every learner has had a meaningful encounter with a range "
            "of providers of learning and training that may be their next step (colleges, universities, "
            "apprenticeship and training providers), meeting both staff and learners.",
        ],
        8: [
            "Every learner has at least one personal guidance interview with a suitably trained careers "
            "adviser by the end of their study programme.",
            "Interviews are available whenever significant study or career choices are being made.",
        ],
    },
    ("2025", "school"): {
        1: [
            "The school has a stable, structured careers programme with the explicit backing of the "
            "governors and the senior leadership team, including the headteacher.",
            "An identified, appropriately trained careers leader is responsible for the programme.",
            "The programme is tailored to pupils' needs, sequenced, underpinned by learning outcomes, "
            "linked to the whole-school development plan, and sets out how parents and carers will be "
            "engaged.",
            "The careers programme is published on the school's website so that pupils, parents and "
            "carers, staff and employers can find and understand it.",
            "The programme is regularly evaluated, with feedback from pupils, parents and carers, "
            "teachers, careers advisers and employers.",
        ],
        2: [
            "During each key stage, every pupil accesses and uses information about careers, pathways "
            "and the labour market to inform their decisions on study options or next steps.",
            "Parents and carers are encouraged and helped to access and use information about careers, "
            "pathways and the labour market to support their children.",
        ],
        3: [
            "The careers programme actively challenges stereotypical thinking and raises aspirations.",
            "Careers support is tailored to the needs of each pupil, including pupils with SEND and "
            "those facing disadvantage.",
            "The school keeps systematic records of each pupil's participation in all parts of the "
            "careers programme, and of the advice given and decisions agreed.",
            "When a pupil changes school during the secondary phase, their careers information is "
            "passed on.",
            "The school records aspirations, intended and immediate destinations, and uses sustained "
            "and longer-term destination data and alumni in its evaluation and programme.",
        ],
        4: [
            "In every year and every subject, pupils learn how the knowledge and skills they develop "
            "link to careers and pathways.",
            "Careers is part of the ongoing staff development programme for teachers and all staff "
            "who support pupils.",
        ],
        5: [
            "Every year from the age of 11, every pupil takes part in at least one meaningful encounter "
            "with an employer (purpose, learning outcomes, two-way interaction, reflection).",
        ],
        6: [
            "By the age of 16, every pupil has had meaningful experiences of workplaces (part-time "
            "work may count).",
            "By the age of 18, every pupil has had one further meaningful experience of a workplace.",
        ],
        7: [
            "By the age of 16, every pupil has had meaningful encounters with the full range of "
            "providers: sixth forms, colleges, universities, apprenticeship and training providers.",
            "By the age of 18, every pupil considering higher education has had at least two visits to "
            "universities to meet staff and students.",
            "Approved technical education and apprenticeship providers meet pupils as the Provider "
            "Access Legislation requires (two encounters in each phase).",
        ],
        8: [
            "Every pupil has at least one personal guidance meeting with a qualified careers adviser by "
            "the age of 16.",
            "Every pupil has a further personal guidance meeting by the age of 18.",
            "Guidance meetings are scheduled in the careers programme to meet pupils' needs.",
            "Information about personal guidance and how to access it is given to pupils and to "
            "parents and carers, including on the school website.",
        ],
    },
    ("2025", "college"): {
        1: [
            "The college has a stable, structured careers programme with the explicit backing of the "
            "governors and the senior leadership team, including the principal.",
            "An identified, appropriately trained careers leader is responsible for the programme.",
            "The programme is tailored to learners' needs, sequenced, underpinned by learning outcomes, "
            "linked to the college development plan, and sets out how parents and carers will be "
            "engaged.",
            "The careers programme is published on the website so that learners, parents and carers, "
            "staff and employers can find and understand it.",
            "The programme is regularly evaluated, with feedback from learners, parents and carers, "
            "staff, careers advisers and employers.",
        ],
        2: [
            "During their study programme, every learner accesses and uses information about careers, "
            "pathways and the labour market to inform their next steps.",
            "Parents and carers are encouraged and helped to access and use information about careers, "
            "pathways and the labour market.",
        ],
        3: [
            "The careers programme actively challenges stereotypical thinking and raises aspirations.",
            "Careers support is tailored to the needs of each learner, including learners with SEND "
            "and those facing disadvantage.",
            "The provider keeps systematic records of each learner's participation in all parts of the "
            "careers programme, and of the advice given and decisions agreed.",
            "The provider records aspirations, intended and immediate destinations, and uses sustained "
            "and longer-term destination data and alumni in its evaluation and programme.",
        ],
        4: [
            "Throughout their study programme, every learner learns how their subjects and the "
            "knowledge and skills they develop link to careers.",
            "Careers is part of the ongoing development programme for teaching and support staff.",
        ],
        5: [
            "Every year, alongside their study programme, every learner takes part in at least two "
            "meaningful encounters with employers, at least one through their curriculum area.",
        ],
        6: [
            "By the end of their study programme, every learner has had at least one meaningful "
            "experience of a workplace.",
        ],
        7: [
            "By the end of their study programme, every learner has had meaningful encounters with a "
            "range of providers that may be their next step: colleges, universities, apprenticeship "
            "and training providers.",
        ],
        8: [
            "Every learner has at least one personal guidance meeting with a qualified careers adviser "
            "by the end of their study programme.",
            "Guidance meetings are scheduled in the careers programme to meet learners' needs.",
            "Information about personal guidance and how to access it is given to learners and to "
            "parents and carers, including on the website.",
        ],
    },
}

MEANINGFUL = {
    5: [
        ("purpose", "A clear purpose, shared with the employer and the young person"),
        ("outcomes", "Learning outcomes that fit the young person's needs"),
        ("two_way", "Two-way interaction between the young person and the employer"),
        ("reflection", "Time afterwards for the young person to reflect on what they gained"),
    ],
    6: [
        ("purpose", "A clear purpose, shared with the employer and the young person"),
        ("outcomes", "Learning outcomes that fit the young person's needs"),
        ("extensive_two_way", "Extensive two-way interaction between the young person and employees"),
        ("range_of_people", "A chance to meet a range of different people from the workplace"),
        ("task", "A task set by the employer, or a piece of work relevant to the workplace"),
        ("feedback", "Feedback from the employer to the young person on their work"),
        ("reflection", "Time afterwards for the young person to reflect on what they gained"),
    ],
    7: [
        ("purpose", "A clear purpose, shared with the provider and the young person"),
        ("outcomes", "Learning outcomes that fit the young person's needs"),
        ("two_way", "Two-way interaction between the young person and the provider"),
        (
            "provider_info",
            "Information about the provider: recruitment and selection, the qualifications it "
            "offers and the careers they lead to",
        ),
        ("learning_like", "What learning or training with the provider is like"),
        ("reflection", "Time afterwards for the young person to reflect on what they gained"),
    ],
}

CDI_AREAS = [
    ("grow", "Grow throughout life", "Learn and reflect, and keep growing as a learner for life"),
    ("explore", "Explore possibilities", "Explore the full range of options open to them"),
    ("manage", "Manage career", "Make and carry out plans, and manage transitions"),
    ("create", "Create opportunities", "Be proactive, build networks and create opportunities"),
    ("balance", "Balance life and work", "Balance work, learning, wellbeing and the rest of life"),
    (
        "big_picture",
        "See the big picture",
        "Understand how work, the economy and society are changing",
    ),
]
CDI_STAGES = ["11-14", "14-16", "post-16"]

SKILLS = [
    ("Listening", "Receiving, keeping and processing information or ideas"),
    ("Speaking", "Passing on information or ideas out loud"),
    ("Problem Solving", "Finding a solution to a situation or challenge"),
    ("Creativity", "Using imagination and coming up with new ideas"),
    ("Staying Positive", "Using tactics to overcome setbacks and reach goals"),
    ("Aiming High", "Setting clear goals and planning a route to reach them"),
    ("Leadership", "Supporting, encouraging and developing others towards a shared goal"),
    ("Teamwork", "Working with others towards a shared goal"),
]

# (code, title, longer heading where the action plan of seed 002 gives one)
STATEMENTS = [
    ("1.1", "Distributed careers leadership", ""),
    ("1.2", "Leaders' vision", "Leaders' vision and intent for careers"),
    ("1.3", "Strategic careers planning", ""),
    ("1.4", "Strategic careers leadership", ""),
    ("1.5", "Governance", ""),
    (
        "1.6",
        "Careers Hub engagement",
        "Engagement with the national Careers Hub network and other careers networks",
    ),
    ("1.7", "Enterprise Adviser engagement", "Effective engagement with an Enterprise Adviser(s)"),
    ("2.1", "Career learning journeys", "Development of progressive careers learning journeys"),
    ("2.2", "Addressing the needs of all learners", ""),
    ("2.3", "Recording systems", "Effective use of recording systems"),
    ("2.4", "Destinations data", "Careers impact evaluation: Destinations data"),
    ("2.5", "Learner perception", "Careers impact evaluation: Learner perception"),
    ("2.6", "Stakeholder voice", "Careers impact evaluation: Stakeholder voice"),
    ("2.7", "Quality assurance", "Careers impact evaluation: Quality assurance"),
    ("3.3", "Supporting learners to challenge misconceptions and stereotypes", ""),
    (
        "3.4",
        "Parent and carer understanding of LMI",
        "Parent and carer understanding of what LMI is and how to make effective use of it",
    ),
    (
        "3.6",
        "Staff understanding of all routes",
        "Staff understanding of all routes available to learners at key transitions",
    ),
    ("3.7", "Effective provider engagement", ""),
    ("4.1", "Careers education", ""),
    (
        "4.2",
        "Staff highlighting the relevance of their subjects",
        "Staff highlighting the relevance of their subjects and making links from the curriculum",
    ),
    (
        "4.3",
        "Staff learning and development in LMI and pathways",
        "Staff learning and development to support understanding of Labour Market Information "
        "(LMI) and pathways, to inform careers in the curriculum",
    ),
    ("4.4", "Learner skills development", ""),
    ("5.1", "Effective employer engagement", ""),
    ("5.2", "Meaningful encounters with employers", ""),
    ("6.1", "Engagement with personal guidance", ""),
    ("6.2", "Meaningful approach to personal guidance", ""),
    ("6.3", "Personal guidance resourcing", ""),
]

CHECKLIST = [
    "Independent impartial careers guidance is secured for years 8 to 13",
    "A careers co-ordinator is in place in the school",
    "A commissioning agreement with an external provider of careers guidance is in place",
    "The annual careers plan is agreed by the governing body",
    "The careers education policy is implemented and reviewed every year",
    "A CEIAG programme runs in school from year 7 to 11 (colleges: CEIAG provision before 16)",
    "A CEIAG programme runs in the school or college after 16",
    "The school or college invites employers in as part of the careers programme",
    "Someone attends the local CEIAG network meetings",
    "Apprenticeships are included as an option in the CEIAG programme",
    "All careers guidance advisers are qualified to level 6",
    "Labour market information is available for learners to use",
    "The CEIAG co-ordinator or external provider contributes to parents' evenings",
    "An annual CEIAG budget is agreed",
    "Teachers regularly attend INSET on CEIAG",
    "Investors in Careers certificate, stage 1",
    "Investors in Careers certificate, stage 2",
    "Investors in Careers certificate, stage 3",
    "Work-related activities and enterprise are embedded across the curriculum",
    "Student feedback on CEIAG is received",
]


def load(apps, schema_editor):
    Benchmark = apps.get_model("benchmarks", "Benchmark")
    Criterion = apps.get_model("benchmarks", "Criterion")
    for version, titles in (("2018", TITLES_2018), ("2025", TITLES)):
        benchmarks = {
            number: Benchmark.objects.create(number=number, version=version, title=title)
            for number, title in titles.items()
        }
        for audience in ("school", "college"):
            for number, texts in CRITERIA[(version, audience)].items():
                Criterion.objects.bulk_create(
                    Criterion(
                        benchmark=benchmarks[number],
                        audience=audience,
                        code=f"{number}.{index}",
                        text=text,
                        order=index,
                    )
                    for index, text in enumerate(texts, start=1)
                )

    MeaningfulCriterion = apps.get_model("benchmarks", "MeaningfulCriterion")
    MeaningfulCriterion.objects.bulk_create(
        MeaningfulCriterion(benchmark_number=number, code=code, text=text, order=order)
        for number, items in MEANINGFUL.items()
        for order, (code, text) in enumerate(items, start=1)
    )

    CdiLearningArea = apps.get_model("benchmarks", "CdiLearningArea")
    CdiLearningArea.objects.bulk_create(
        CdiLearningArea(code=code, title=title, stage=stage, description=description, order=order)
        for order, (code, title, description) in enumerate(CDI_AREAS, start=1)
        for stage in CDI_STAGES
    )

    SkillsBuilderSkill = apps.get_model("benchmarks", "SkillsBuilderSkill")
    SkillsBuilderSkill.objects.bulk_create(
        SkillsBuilderSkill(name=name, description=description, order=order)
        for order, (name, description) in enumerate(SKILLS, start=1)
    )

    MaturityStatement = apps.get_model("benchmarks", "MaturityStatement")
    MaturityStatement.objects.bulk_create(
        MaturityStatement(
            code=code,
            area=int(code.split(".")[0]),
            title=title,
            heading=heading or title,
            order=order,
        )
        for order, (code, title, heading) in enumerate(STATEMENTS, start=1)
    )

    ChecklistItem = apps.get_model("benchmarks", "ChecklistItem")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(number=number, text=text) for number, text in enumerate(CHECKLIST, start=1)
    )


def unload(apps, schema_editor):
    for name in (
        "Criterion",
        "Benchmark",
        "MeaningfulCriterion",
        "CdiLearningArea",
        "SkillsBuilderSkill",
        "MaturityStatement",
        "ChecklistItem",
    ):
        apps.get_model("benchmarks", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
