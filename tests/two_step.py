"""Two-step sign-in in tests: an authenticator for a user, and a client past both steps."""

from __future__ import annotations

from base64 import b32encode

import pyotp
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from careers_portal.accounts.middleware import HAS_SECOND_FACTOR_SESSION_KEY


def add_authenticator(user) -> pyotp.TOTP:
    """Give `user` a working authenticator; returns the phone's side of it, to make codes."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return pyotp.TOTP(b32encode(device.bin_key).decode())


def fully_signed_in(client: Client, user) -> Client:
    """`client` signed in as `user` with the password and the code steps both done."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        add_authenticator(user)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return client
