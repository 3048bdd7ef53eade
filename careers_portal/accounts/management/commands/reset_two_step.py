"""Reset two-step sign-in from the server: a careers leader who lost their phone and codes."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from careers_portal.accounts import services
from careers_portal.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator and recovery codes, end their sessions, record it and "
        "email them. Next time they sign in they set up two-step sign-in again."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The email address the person signs in with.")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody signs in as {email}.")
        services.second_factor_reset_by_admin(user=user)
        self.stdout.write(
            f"Two-step sign-in reset for {user.email}: their sessions ended and they were emailed. "
            "They set it up again at their next sign-in."
        )
