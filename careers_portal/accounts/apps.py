from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careers_portal.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        from careers_portal.accounts import signals  # noqa: F401  (connects the receivers)
