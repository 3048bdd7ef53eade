"""Input shape for encounters, organisations, guidance meetings and imports."""

from __future__ import annotations

from django import forms

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import (
    Benchmark,
    CdiLearningArea,
    MeaningfulCriterion,
    SkillsBuilderSkill,
)
from careers_portal import uploads
from careers_portal.locking import VersionedModelForm
from careers_portal.schools.models import Department, Institution
from encounters import services
from encounters.models import (
    EVIDENCED_BENCHMARKS,
    Encounter,
    GuidanceMeeting,
    Organisation,
    OrganisationContact,
    PlannedActivity,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Checkboxes the template lays out itself get the portal's large, styled boxes.
CHECKBOX = {"class": "form-check-input"}


class BenchmarkCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes carrying the benchmark number, so CSS can show that benchmark's criteria."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-number"] = instance.number
        return option


class EncounterForm(VersionedModelForm):
    year_groups = forms.TypedMultipleChoiceField(
        label="Year groups who took part",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text="Every learner on roll in these year groups is added; "
        "you can add or remove individuals afterwards.",
    )

    class Meta:
        model = Encounter
        fields = [
            "title",
            "date",
            "in_school_day",
            "department",
            "kind",
            "organisations",
            "benchmarks",
            "purpose",
            "cdi_areas",
            "skills",
            "meaningful_criteria",
            "is_pal",
            "reflections",
            "employer_feedback",
            "planned_activity",
        ]
        labels = {
            "planned_activity": "Planned activity it delivers",
            "title": "What happened",
            "kind": "Kind of encounter",
            "benchmarks": "Benchmarks it evidences",
            "is_pal": "Counts for the Provider Access Legislation (PAL)",
        }
        help_texts = {
            "title": "For example: NHS talk on careers in health.",
            "is_pal": "Only in the school day, with an approved provider of technical education "
            "or apprenticeships.",
        }
        widgets = {
            "date": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "reflections": forms.Textarea(attrs={"rows": 2}),
            "employer_feedback": forms.Textarea(attrs={"rows": 2}),
            "benchmarks": BenchmarkCheckboxes(attrs=CHECKBOX),
            "cdi_areas": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
            "meaningful_criteria": forms.CheckboxSelectMultiple(attrs=CHECKBOX),
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args,
        institution: Institution,
        department: Department | None,
        any_department: bool = True,
        year_counts: dict[int, int],
        planned_activities=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self._planned_activities(planned_activities)
        # The organisation picker's search box ("q") and "Add a new organisation" fields ("new-")
        # are posted with this form; clean() makes sure nothing typed there is lost.
        self.new_organisation_form = OrganisationForm(self.data or None, prefix="new")
        self.new_organisation: dict | None = None
        self.similar_organisations: list[Organisation] = []
        self.fields["benchmarks"].queryset = benchmark_selectors.benchmarks(**EVIDENCED_BENCHMARKS)
        self.fields["benchmarks"].label_from_instance = lambda b: f"BM{b.number}: {b.title}"
        self.fields["cdi_areas"].queryset = benchmark_selectors.cdi_learning_areas()
        self.fields["skills"].queryset = benchmark_selectors.skills_builder_skills()
        self.fields["meaningful_criteria"].queryset = benchmark_selectors.meaningful_criteria()
        self.fields["meaningful_criteria"].label_from_instance = lambda criterion: criterion.text
        self.fields["organisations"].queryset = Organisation.objects.for_institution(institution)
        departments = Department.objects.for_institution(institution)
        if not any_department:
            # A champion logs encounters of their own department only (none if they have none).
            departments = departments.filter(pk=department.pk if department else None)
            if department is not None:
                self.fields["department"].required = True
                self.fields["department"].empty_label = None
                self.fields["department"].initial = department.pk
        self.fields["department"].queryset = departments
        self.fields["year_groups"].choices = [
            (year, f"Year {year} ({year_counts.get(year, 0)} on roll)")
            for year in institution.year_groups
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["year_groups"] = self.instance.year_groups

    def _planned_activities(self, activities) -> None:
        """The programme's activities this encounter can deliver (a champion's: their
        department's), and the one it already names."""
        field = self.fields["planned_activity"]
        queryset = activities if activities is not None else PlannedActivity.objects.none()
        if self.instance.planned_activity_id:
            queryset = queryset | PlannedActivity.objects.filter(
                pk=self.instance.planned_activity_id
            )
        field.queryset = queryset.distinct().order_by("half_term", "order", "title")
        field.empty_label = "None: it was not in the careers programme"
        field.label_from_instance = lambda a: f"{a.title} ({a.who_label}, {a.when_label})"
        field.help_text = (
            "Choose the activity of the careers programme this delivers: the programme then "
            "shows it delivered."
        )

    def clean(self):
        data = super().clean()
        if "organisations" in data:
            data["organisations"] = self._typed_organisations(list(data["organisations"]))
        return data

    def _typed_organisations(self, chosen: list[Organisation]) -> list[Organisation]:
        """The ticked organisations plus what was typed and not added: a name that is already
        one of ours is ticked, a new one is created on save (self.new_organisation), and
        anything else is refused with what to do, never dropped."""
        new_name = " ".join(str(self.data.get("new-name", "")).split())
        search = " ".join(str(self.data.get("q", "")).split())

        def tick(org: Organisation) -> None:
            if org.pk not in {c.pk for c in chosen}:
                chosen.append(org)

        if new_name:
            existing = services.organisation_named(self.institution, new_name)
            if existing is not None:
                tick(existing)
            elif not self.new_organisation_form.is_valid():
                self.add_error(
                    "organisations",
                    f'"{new_name}" was typed as a new organisation but not added: correct it '
                    'under "Add a new organisation" and press "Add organisation", or clear '
                    "the name.",
                )
            else:
                self.similar_organisations = services.similar_organisations(
                    self.institution, new_name
                )
                if self.similar_organisations and not self.data.get("new-confirm"):
                    names = ", ".join(org.name for org in self.similar_organisations)
                    self.add_error(
                        "organisations",
                        f'"{new_name}" was typed as a new organisation, but you may already '
                        f'have it ({names}). Tick it in the list, or tick "Yes, this is a '
                        'different organisation" to add it.',
                    )
                else:
                    self.new_organisation = self.new_organisation_form.cleaned_data
        if search and not self._search_is_used(search, chosen, new_name):
            existing = services.organisation_named(self.institution, search)
            if existing is not None:
                tick(existing)
            else:
                self.add_error(
                    "organisations",
                    f'You searched for "{search}" but no organisation of that name is ticked. '
                    'Tick it in the list, add it under "Add a new organisation", or clear the '
                    "search box.",
                )
        return chosen

    @staticmethod
    def _search_is_used(search: str, chosen: list[Organisation], new_name: str) -> bool:
        """Whether the search text led somewhere: to a ticked organisation or the new name."""
        needle = search.casefold()
        return needle in new_name.casefold() or any(needle in org.name.casefold() for org in chosen)

    def criteria_by_benchmark(self) -> list[tuple[int, list]]:
        """The meaningful-criteria checkboxes grouped by benchmark 5, 6, 7, for the template."""
        grouped: dict[int, list] = {5: [], 6: [], 7: []}
        numbers = {c.pk: c.benchmark_number for c in self.fields["meaningful_criteria"].queryset}
        for checkbox in self["meaningful_criteria"]:
            grouped[numbers[int(str(checkbox.data["value"]))]].append(checkbox)
        return list(grouped.items())


class OrganisationForm(forms.ModelForm):
    # Rendered inside the encounter form: no `required` attribute, or it would block that form.
    use_required_attribute = False

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "sector",
            "size",
            "self_employed",
            "approved_provider",
            "contacts",
        ]
        widgets = {"contacts": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("approved_provider") and data.get("kind") == Organisation.Kind.EMPLOYER:
            self.add_error(
                "approved_provider",
                "Only providers of education or training can be approved providers. "
                "Choose the kind of provider, or untick this.",
            )
        return data


class GuidanceMeetingForm(forms.ModelForm):
    class Meta:
        model = GuidanceMeeting
        fields = ["learner", "date", "adviser_name", "adviser_level6", "follow_up"]
        widgets = {
            "date": DATE_WIDGET,
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            # Chosen by searching the roll above the form, never from one long list.
            "learner": forms.HiddenInput,
        }
        error_messages = {
            "learner": {
                "required": "Find the learner first: search by name or UPN above.",
                "invalid_choice": "That learner is not on roll here: search for them again.",
            }
        }

    def __init__(self, *args, learners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = learners

    def chosen_learner(self):
        """The learner the form is for, if a valid one was chosen (shown by name)."""
        value = self["learner"].value()
        if not str(value or "").isdigit():
            return None
        return self.fields["learner"].queryset.filter(pk=int(value)).first()


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file of encounters",
        help_text="Columns: title, date, kind, in_school_day, year_groups, benchmarks, is_pal, "
        "purpose, reflections. Download an export to see the layout.",
    )

    def clean_file(self):
        return uploads.check_upload(self.cleaned_data["file"])


class PlannedActivityForm(VersionedModelForm):
    """A planned activity of the careers programme: where it sits, what it is for, who runs it."""

    year_groups = forms.TypedMultipleChoiceField(
        label="Year groups",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text="Leave them all unticked for a pathway that is not a year group.",
    )

    class Meta:
        model = PlannedActivity
        fields = [
            "title",
            "year_groups",
            "pathway",
            "half_term",
            "month",
            "kind",
            "benchmarks",
            "learning_outcome",
            "cdi_areas",
            "skills",
            "department",
            "lead",
            "organisation",
            "meaningful_criteria",
            "is_pal",
        ]
        labels = {
            "title": "What is planned",
            "half_term": "Half term",
            "month": "Month (if you know it)",
            "kind": "Kind of activity",
            "benchmarks": "Gatsby benchmarks it serves",
            "department": "Department that delivers it",
        }
        widgets = {
            "learning_outcome": forms.Textarea(attrs={"rows": 2}),
            "benchmarks": forms.CheckboxSelectMultiple(attrs=CHECKBOX),
            "cdi_areas": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
            "meaningful_criteria": forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        }

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["year_groups"].choices = [
            (year, f"Year {year}") for year in institution.year_groups
        ]
        self.fields["benchmarks"].queryset = Benchmark.objects.filter(version="2025").order_by(
            "number"
        )
        self.fields["benchmarks"].label_from_instance = lambda b: f"BM{b.number}: {b.title}"
        self.fields["cdi_areas"].queryset = CdiLearningArea.objects.order_by("order", "stage")
        self.fields["skills"].queryset = SkillsBuilderSkill.objects.all()
        self.fields["meaningful_criteria"].queryset = MeaningfulCriterion.objects.all()
        self.fields["meaningful_criteria"].label_from_instance = lambda c: (
            f"BM{c.benchmark_number}: {c.text}"
        )
        self.fields["department"].queryset = Department.objects.for_institution(institution)
        self.fields["organisation"].queryset = Organisation.objects.for_institution(institution)
        self.fields["half_term"].choices = list(self.fields["half_term"].choices)[1:]
        if self.instance.pk and not self.is_bound:
            self.initial["year_groups"] = self.instance.year_groups

    def clean(self):
        data = super().clean()
        if not data.get("year_groups") and not (data.get("pathway") or "").strip():
            self.add_error("year_groups", "Choose the year groups it is for, or name a pathway.")
        return data


class ProgrammeFilterForm(forms.Form):
    """The journey's filters: by benchmark, learning outcome and department."""

    benchmark = forms.TypedChoiceField(
        label="Benchmark", coerce=int, required=False, empty_value=None
    )
    outcome = forms.ChoiceField(label="Learning outcome", required=False)
    # Not "department": the activity form posted beside it has a department of its own.
    dept = forms.TypedChoiceField(label="Department", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benchmark"].choices = [("", "All benchmarks")] + [
            (b.number, f"BM{b.number}: {b.title}")
            for b in Benchmark.objects.filter(version="2025").order_by("number")
        ]
        areas: dict[str, str] = {}
        for code, title in CdiLearningArea.objects.order_by("order").values_list("code", "title"):
            areas.setdefault(code, title)
        self.fields["outcome"].choices = [
            ("", "All learning outcomes"),
            ("CDI learning areas", [(f"cdi:{code}", title) for code, title in areas.items()]),
            (
                "Skills Builder skills",
                [(f"skill:{s.pk}", s.name) for s in SkillsBuilderSkill.objects.all()],
            ),
        ]
        self.fields["dept"].choices = [("", "All departments")] + [
            (d.pk, d.name) for d in Department.objects.for_institution(institution)
        ]


class ContactForm(forms.ModelForm):
    class Meta:
        model = OrganisationContact
        fields = ["name", "role", "email"]
        labels = {"role": "Role (optional)", "email": "Email address"}
        help_texts = {
            "role": "For example Early careers manager.",
            "email": "Used to ask for feedback after an encounter.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
