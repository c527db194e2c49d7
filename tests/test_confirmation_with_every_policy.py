"""Confirmation with every policy of the four modules switched on together.

Gates run before the order becomes a sales order, side effects only for orders
that became one: an order the credit check leaves awaiting approval gets no
execution checklist and no activity for the clerk; once the general manager
approves, it gets them once, planned from the approval.
"""

from datetime import timedelta

import pytest


@pytest.fixture
def company_with_every_policy(env):
    from odoo.addons.mail.tests.common import mail_new_test_user

    company = env.company
    users = {
        "salesperson": mail_new_test_user(env, "ft_all_sales", groups="sales_team.group_sale_salesman"),
        "clerk": mail_new_test_user(
            env, "ft_all_clerk", groups="base.group_user,crm_order_execution.group_execution_clerk"
        ),
        "general_manager": mail_new_test_user(
            env, "ft_all_gm", groups="base.group_user,crm_foreign_trade.group_general_manager"
        ),
    }
    company.write(
        {
            "credit_policy": True,
            "execution_checklists": True,
            "execution_default_clerk_id": users["clerk"].id,
            "quotation_consistency": True,
            "quotation_price_tolerance": 0.0,
            "pool_enabled": True,
            "collision_check": True,
            "visit_planning": True,
            "sample_free_value": 0.0,
            "new_customer_max_orders": 0,
            "general_manager_user_id": users["general_manager"].id,
        }
    )
    return company, users


def _customer_and_order(env, users, limit):
    from odoo import Command

    product = env["product.product"].create(
        {"name": "Every Policy Copper Cable (1 km)", "list_price": 1000.0, "taxes_id": [Command.clear()]}
    )
    customer = env["res.partner"].create(
        {
            "name": "Every Policy Elektro GmbH",
            "is_company": True,
            "customer_class": "b",
            "trade_channel": "direct_export",
            "user_id": users["salesperson"].id,
            "credit_limit": limit,
            "property_payment_term_id": env.ref("account.account_payment_term_immediate").id,
        }
    )
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "user_id": users["salesperson"].id,
            "date_order": env.cr.now() - timedelta(days=10),
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 1000.0})],
        }
    )
    return customer, order


def test_a_blocked_order_gets_no_checklist_until_the_general_manager_approves(env, company_with_every_policy):
    _company, users = company_with_every_policy
    _customer, order = _customer_and_order(env, users, limit=500.0)
    clerk_activities = env["mail.activity"].search_count([("user_id", "=", users["clerk"].id)])

    order.with_user(users["salesperson"]).action_confirm()

    assert order.state in ("draft", "sent")
    assert order.credit_check_state == "awaiting"
    assert not order.execution_step_ids, "a quotation awaiting credit approval has no checklist"
    assert env["mail.activity"].search_count([("user_id", "=", users["clerk"].id)]) == clerk_activities
    approval = order.activity_ids.filtered(lambda a: a.user_id == users["general_manager"])
    assert approval, "the general manager is asked to decide"

    wizard = (
        env["sale.credit.approval.wizard"]
        .with_user(users["general_manager"])
        .create({"order_id": order.id, "reason": "Long-standing customer, L/C to follow"})
    )
    wizard.action_approve()

    assert order.state == "sale"
    steps = order.execution_step_ids
    assert steps, "the approved order gets its checklist"
    approved_on = order.date_order.date()
    assert approved_on == env.cr.now().date(), "confirmation date is the approval"
    for step in steps.filtered(lambda s: s.due_base == "confirmation"):
        assert step.date_planned == step.template_step_id._planned_date(approved_on)
    assert env["mail.activity"].search_count([("user_id", "=", users["clerk"].id)]) > clerk_activities

    # confirming again (a second click, a retried request) builds nothing twice
    count = len(steps)
    order._generate_execution_checklists()
    assert len(order.execution_step_ids) == count


def test_an_order_within_credit_is_confirmed_with_its_checklist_at_once(env, company_with_every_policy):
    _company, users = company_with_every_policy
    _customer, order = _customer_and_order(env, users, limit=1e9)

    order.with_user(users["salesperson"]).action_confirm()

    assert order.state == "sale"
    assert order.credit_check_state == "ok"
    assert order.execution_step_ids
