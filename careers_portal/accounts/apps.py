from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careers_portal.accounts"
    label = "accounts"
    verbose_name = "People and access"
