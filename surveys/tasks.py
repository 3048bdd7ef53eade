"""Emails of the surveys app, sent by the Celery worker (thin: each calls one service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="surveys.send_invitation", acks_late=True)
def send_invitation(invitation_id: int) -> bool:
    """Email one invitation its single-use link; running it twice sends once."""
    from surveys.services import invitation_send

    return invitation_send(invitation_id=invitation_id)
