from django.urls import path

from careers_portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/changed/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("two-step/", views.two_step, name="two_step"),
    path("two-step/set-up/", views.two_step_setup, name="two_step_setup"),
    path("two-step/code/", views.two_step_code, name="two_step_code"),
    path("two-step/recovery-codes/", views.two_step_recovery_codes, name="two_step_recovery_codes"),
    path("two-step/recovery-codes/new/", views.two_step_new_codes, name="two_step_new_codes"),
    path("two-step/turn-off/", views.two_step_turn_off, name="two_step_turn_off"),
    path("two-step/policy/", views.two_step_policy, name="two_step_policy"),
    path("institution/", views.choose_institution, name="choose_institution"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/activity/", views.activity, name="activity"),
    path("people/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("people/<int:pk>/deactivate/", views.membership_deactivate, name="membership_deactivate"),
    path("people/<int:pk>/reactivate/", views.membership_reactivate, name="membership_reactivate"),
    path("people/<int:pk>/reset-two-step/", views.two_step_reset, name="two_step_reset"),
]
