"""People and their memberships: who works in which institution, in which role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q

from careers_portal.schools.models import Department, Institution, InstitutionQuerySet


def canonical_email(email: str | None) -> str:
    """The one spelling of an address that we store, look up and throttle on.

    Mail systems treat addresses case-insensitively in practice, and people type them in any
    case: `Leader@School.org` and `leader@school.org` are one person everywhere in the app.
    """
    return BaseUserManager.normalize_email((email or "").strip()).lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Every user needs an email address.")
        user = self.model(email=canonical_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        # Addresses are stored in lower case, and people type them in any case.
        return self.get(**{self.model.USERNAME_FIELD: canonical_email(username)})


class User(AbstractUser):
    """A person who signs in with their email address."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = canonical_email(self.email)


class Role(models.TextChoices):
    CAREERS_LEADER = "careers_leader", "Careers leader"
    CHAMPION = "champion", "Careers champion"
    SLT = "slt", "Senior leader"
    GOVERNOR = "governor", "Governor"


class MembershipQuerySet(InstitutionQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="champions"
    )
    is_active = models.BooleanField(default=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="membership_one_per_institution"
            ),
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(role=Role.CHAMPION),
                name="membership_department_only_for_champions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.institution})"

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class SecondFactorThrottle(models.Model):
    """Wrong codes at the second sign-in step, counted per account (never per address or session).

    One row per person, so that a new session, another spelling of the email or switching between
    the authenticator and a recovery code all meet the same count.
    """

    user = models.OneToOneField(
        User, primary_key=True, on_delete=models.CASCADE, related_name="second_factor_throttle"
    )
    failures = models.PositiveSmallIntegerField(default=0)
    paused_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.failures} wrong code(s)"


class SecurityEventQuerySet(InstitutionQuerySet):
    def for_activity_log(self, institution: Institution):
        """What the careers leader reads: the institution's events, and sign-in events (which
        happen before anyone works in an institution) of the people who belong to it."""
        return self.filter(
            Q(institution=institution)
            | Q(institution__isnull=True, user__memberships__institution=institution)
        ).distinct()


class SecurityEvent(models.Model):
    """A record of a change to how someone signs in, for the data protection officer and support."""

    class Kind(models.TextChoices):
        SET_UP = "set_up", "Set up two-step sign-in"
        TURNED_OFF = "turned_off", "Turned off two-step sign-in"
        NEW_RECOVERY_CODES = "new_recovery_codes", "Made new recovery codes"
        RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
        PAUSED = "paused", "Sign-in paused after too many wrong codes"
        RESET = "reset", "Two-step sign-in reset by a careers leader"
        RESET_BY_ADMIN = "reset_by_admin", "Two-step sign-in reset by a superuser"
        POLICY_CHANGED = "policy_changed", "Changed who must use two-step sign-in"
        SIGN_IN_FAILED = "sign_in_failed", "Wrong password"
        SIGN_IN_PAUSED = "sign_in_paused", "Sign-in paused after too many wrong passwords"
        PERMISSION_REFUSED = "permission_refused", "Refused a page their role does not allow"
        LEARNER_VIEWED = "learner_viewed", "Looked at learners' personal information"
        LEARNER_EXPORTED = "learner_exported", "Downloaded learners' personal information"

    # Empty for a wrong password given for an address that has no account.
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["institution", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user or self.detail}"
