"""Emails to people, sent by the Celery worker (or in-process when no broker is set)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from careers_portal.accounts.models import Membership, SecurityEvent


@shared_task
def send_invitation(membership_id: int) -> bool:
    """Email an invited person the link that sets their password; once per invitation."""
    updated = Membership.objects.filter(pk=membership_id, invitation_sent_at=None).update(
        invitation_sent_at=timezone.now()
    )
    if not updated:
        return False
    membership = Membership.objects.select_related("user", "institution").get(pk=membership_id)
    user = membership.user
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "membership": membership,
        "link": settings.SITE_URL.rstrip("/") + path,
        "sign_in": settings.SITE_URL.rstrip("/") + reverse("accounts:login"),
        "has_password": user.has_usable_password(),
    }
    send_mail(
        subject=f"You have been invited to Careers Portal for {membership.institution}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return True


@shared_task
def send_second_factor_reset(event_id: int) -> bool:
    """Tell someone their two-step sign-in was reset, and by whom; once per reset."""
    updated = SecurityEvent.objects.filter(pk=event_id, notified_at=None).update(
        notified_at=timezone.now()
    )
    if not updated:
        return False
    event = SecurityEvent.objects.select_related("user", "by", "institution").get(pk=event_id)
    context = {"event": event, "sign_in": settings.SITE_URL.rstrip("/") + reverse("accounts:login")}
    send_mail(
        subject="Your two-step sign-in for Careers Portal was reset",
        message=render_to_string("accounts/email/second_factor_reset.txt", context),
        from_email=None,
        recipient_list=[event.user.email],
    )
    return True
