from django.urls import path

from plans.views import objectives, plan, reminders, sources, swot, table

app_name = "plans"

urlpatterns = [
    path("", plan.plan_list, name="list"),
    path("new/", plan.plan_create, name="create"),
    path("mine/", table.my_actions, name="mine"),
    path("mine/reminders/", reminders.reminder_settings, name="reminders"),
    path("<int:pk>/", plan.plan_detail, name="detail"),
    path("<int:pk>/pdf/", plan.plan_pdf_download, name="pdf"),
    path("<int:pk>/edit/", plan.plan_edit, name="edit"),
    path("<int:pk>/vision/", plan.vision_edit, name="vision"),
    path("<int:pk>/current-state/", plan.current_state_edit, name="current_state"),
    path("<int:pk>/approve/slt/", plan.approve_slt, name="approve_slt"),
    path("<int:pk>/approve/governors/", plan.approve_governors, name="approve_governors"),
    path("<int:pk>/send-for-approval/", plan.send_for_approval, name="send_for_approval"),
    path("approvals/<int:pk>/pdf/", plan.approval_pdf, name="approval_pdf"),
    path("<int:pk>/review/", plan.review_create, name="review"),
    path("<int:pk>/archive/", plan.plan_archive, name="archive"),
    path("<int:pk>/swot/", swot.swot, name="swot"),
    path("<int:pk>/swot/add/", swot.swot_add, name="swot_add"),
    path("swot/<int:pk>/edit/", swot.swot_edit, name="swot_edit"),
    path("swot/<int:pk>/move/<str:direction>/", swot.swot_move, name="swot_move"),
    path("swot/<int:pk>/remove/", swot.swot_remove, name="swot_remove"),
    path("<int:pk>/objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", objectives.objective_delete, name="objective_delete"),
    path("objectives/<int:pk>/history/", objectives.objective_history, name="objective_history"),
    path("objectives/<int:pk>/actions/new/", objectives.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", objectives.action_edit, name="action_edit"),
    path("actions/<int:pk>/update/", objectives.action_update, name="action_update"),
    path("actions/<int:pk>/delete/", objectives.action_delete, name="action_delete"),
    path("actions/<int:pk>/history/", objectives.action_history, name="action_history"),
    path(
        "objectives/<int:pk>/milestones/new/",
        objectives.milestone_create,
        name="milestone_create",
    ),
    path("milestones/<int:pk>/edit/", objectives.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/update/", objectives.milestone_update, name="milestone_update"),
    path("milestones/<int:pk>/delete/", objectives.milestone_delete, name="milestone_delete"),
    path(
        "from/maturity/<int:pk>/",
        sources.action_from_statement,
        name="action_from_statement",
    ),
    path(
        "from/criterion/<int:pk>/",
        sources.action_from_criterion,
        name="action_from_criterion",
    ),
    path("<int:pk>/actions/", table.action_table, name="actions"),
    path("<int:pk>/actions/export/<str:fmt>/", table.action_export, name="actions_export"),
]
