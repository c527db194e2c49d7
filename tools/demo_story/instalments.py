"""The demo story's collections (issue #17): export orders paid 30% before production, the balance 60 days on.

The company collects by instalment (its policy switched on). The export orders not paid by L/C (but the new
customer's, who pays before delivery) are on Odoo's "30% Now, Balance 60 Days" term: each has its deposit and
balance. The customers paid the deposit of the orders whose payment step is done (a down payment invoice, paid),
except two who are late; the orders whose payment was collected paid their balance too (the goods' invoice, paid).
Tonight's dunning run reminds the late ones.
"""

from odoo import fields

DEPOSIT_TERM = "account.account_payment_term_advance_60days"
LATE_PAYERS = 2


def build(env, rng, today, prepayment):
    """Instalment plans, deposits and balances paid, the late ones dunned; return the facts."""
    term = env.ref(DEPOSIT_TERM, raise_if_not_found=False)
    if not term:
        return {}
    company = env.company.sudo()
    orders = env["sale.order"].search(
        [("company_id", "=", company.id), ("state", "=", "sale"), ("execution_step_ids", "!=", False),
         "|", ("payment_term_id", "=", False), ("payment_term_id.letter_of_credit", "=", False)],
        order="date_order, id",
    )  # fmt: skip
    # the story's new customer pays before delivery: not by instalment
    orders = orders.filtered(lambda o: o.partner_id.commercial_partner_id != prepayment)
    if not orders:
        return {}
    company.collection_plans = True
    # the term as quoted; the plan counts from the story's confirmation dates
    orders.write({"payment_term_id": term.id})
    orders._rebuild_instalment_plans()
    late = 0
    deposits_paid = balances_paid = 0
    for order in orders:
        steps = order.execution_step_ids.sorted("sequence")
        payment_step = steps.filtered(lambda s: s.milestone == "letter_of_credit")[:1] or steps[:1]
        collection = steps.filtered(lambda s: s.completion_event == "invoice_paid")[:1]
        if payment_step.state != "done":
            continue
        if late < LATE_PAYERS and collection.state != "done":
            late += 1
            continue
        paid_on = payment_step.date_done or today
        deposit = _down_payment(env, order, 30)
        _pay(env, deposit, paid_on)
        deposits_paid += 1
        if collection.state == "done":
            invoice = order._create_invoices(final=True)
            invoice.write({"invoice_date": collection.date_done or today})
            invoice.action_post()
            _pay(env, invoice, collection.date_done or today)
            balances_paid += 1
    instalments = orders.instalment_ids
    instalments._refresh_received()
    dunned = env["sale.order.instalment"]._cron_dun_overdue_instalments(batch_size=len(instalments) or 1)
    return {
        "orders_by_instalment": len(orders),
        "instalments": len(instalments),
        "deposits_paid": deposits_paid,
        "balances_paid": balances_paid,
        "overdue_instalments": len(instalments.filtered(lambda i: i.state == "overdue")),
        "dunned": dunned,
    }


def _down_payment(env, order, percent):
    invoice = (
        env["sale.advance.payment.inv"]
        .with_context(active_model="sale.order", active_ids=order.ids)
        .create({"advance_payment_method": "percentage", "amount": percent})
        ._create_invoices(order)
    )
    invoice.write({"invoice_date": fields.Date.to_date(order.date_order)})
    invoice.action_post()
    return invoice


def _pay(env, invoice, day):
    day = min(day, fields.Date.context_today(invoice))
    return (
        env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=invoice.ids)
        # the whole invoice: the register proposes the term's first part of it
        .create({"payment_date": day, "amount": invoice.amount_residual})
        ._create_payments()
    )
