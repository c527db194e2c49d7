# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, float_compare

CREDIT_GROUPS = "sales_team.group_sale_manager,account.group_account_invoice,account.group_account_readonly"
# overdue receivables by days past their due date: (field, first day, last day or None)
AGEING_BUCKETS = (
    ("credit_overdue_1_30", 1, 30),
    ("credit_overdue_31_60", 31, 60),
    ("credit_overdue_61_90", 61, 90),
    ("credit_overdue_90_plus", 91, None),
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_term_exception_days = fields.Integer(
        string="Approved Payment Days",
        copy=False,
        tracking=True,
        help="Payment days the general manager allowed this customer beyond its class rule.",
    )
    credit_term_exception_reason = fields.Text(string="Payment Term Exception Reason", copy=False)
    credit_term_exception_user_id = fields.Many2one("res.users", string="Exception Approved By", copy=False)
    credit_term_exception_date = fields.Date(string="Exception Approved On", copy=False)
    credit_application_ids = fields.One2many("crm.credit.application", "partner_id", string="Credit Applications")
    # touched under a row lock by every credit check: concurrent checks of one customer serialise on it
    credit_checked_at = fields.Datetime(string="Last Credit Check", readonly=True, copy=False)
    credit_allowed_days = fields.Integer(
        string="Allowed Payment Days",
        compute="_compute_credit_allowed_days",
        help="The longest payment term the customer's class rule (or its approved exception) allows.",
    )
    credit_rule = fields.Char(string="Payment Term Rule", compute="_compute_credit_allowed_days")
    credit_status = fields.Selection(
        [("green", "Credit OK"), ("red", "Credit Blocked")],
        compute="_compute_credit_status",
        help="Red: the customer is over its credit limit or has overdue invoices; new orders need approval.",
    )
    credit_status_reason = fields.Char(compute="_compute_credit_status")
    # what accountants and managers watch: the numbers of the current company, in its currency
    credit_currency_id = fields.Many2one(
        "res.currency", string="Credit Numbers Currency", compute="_compute_credit_numbers", groups=CREDIT_GROUPS
    )
    credit_receivable = fields.Monetary(
        string="Open Receivables",
        compute="_compute_credit_numbers",
        currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
        help="Posted customer invoices not paid yet, in the company currency.",
    )
    credit_open_orders = fields.Monetary(
        string="Confirmed Orders Not Invoiced",
        compute="_compute_credit_numbers",
        currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
    )
    credit_exposure = fields.Monetary(
        compute="_compute_credit_numbers",
        currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
        help="Open receivables + confirmed orders not invoiced yet: what the credit limit is compared with.",
    )
    credit_available = fields.Monetary(
        string="Available Credit",
        compute="_compute_credit_numbers",
        currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
        help="Credit limit minus exposure (negative: over the limit); zero without a limit.",
    )
    credit_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_credit_numbers",
        currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
        help="Open receivables past their due date. Orders are held for what is overdue beyond the "
        "maturity margin of the financial-risk settings.",
    )
    credit_overdue_1_30 = fields.Monetary(
        string="Overdue 1-30 Days", compute="_compute_credit_numbers", currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
    )  # fmt: skip
    credit_overdue_31_60 = fields.Monetary(
        string="Overdue 31-60 Days", compute="_compute_credit_numbers", currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
    )  # fmt: skip
    credit_overdue_61_90 = fields.Monetary(
        string="Overdue 61-90 Days", compute="_compute_credit_numbers", currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
    )  # fmt: skip
    credit_overdue_90_plus = fields.Monetary(
        string="Overdue More Than 90 Days", compute="_compute_credit_numbers", currency_field="credit_currency_id",
        groups=CREDIT_GROUPS,
    )  # fmt: skip

    # ------------------------------------------------------------------
    # Credit limits come from approved applications (seed 001 §4.3.3a: 总经理核准)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("credit_limit") for vals in vals_list):
            self._credit_check_limit_value(vals_list)
            self._credit_check_limit_rights()
        return super().create(vals_list)

    def write(self, vals):
        if "credit_limit" in vals:
            self._credit_check_limit_value([vals])
            self._credit_check_limit_rights()
        return super().write(vals)

    @api.model
    def _credit_check_limit_value(self, vals_list):
        if any((vals.get("credit_limit") or 0.0) < 0 for vals in vals_list):
            raise ValidationError(_("A credit limit cannot be negative."))

    @api.model
    def _credit_check_limit_rights(self):
        """Accountants and managers read the limit; it changes through the approval chain of a credit
        application (applied as superuser), or by a financial-risk manager (OCA's right to edit limits).
        Only while the credit policy is on: installing the module changes no standard flow."""
        if (
            self.env.su
            or not self.env.company.credit_policy
            or self.env.user.has_group("account_financial_risk.group_account_financial_risk_manager")
        ):
            return
        raise AccessError(
            _(
                "A credit limit is set by an approved credit application (Sales > Orders > Credit "
                "Applications), not on the customer."
            )
        )

    # ------------------------------------------------------------------
    # Payment terms by class (seed 001 §4.3.3a)
    # ------------------------------------------------------------------
    def _credit_policy_applies(self):
        """The credit policy of the current company (`with_company`) covers this customer."""
        self.ensure_one()
        return self.env.company.credit_policy and bool(self.commercial_partner_id.customer_class)

    def _credit_allowed(self):
        """(allowed days, rule label) for this customer, or (None, None) when no rule applies."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner._credit_policy_applies():
            return None, None
        if partner.credit_term_exception_user_id:
            return partner.credit_term_exception_days, _("the general manager's exception")
        if partner._credit_is_new():
            return self.env.company._credit_term_days("new"), _("the rule for new customers")
        label = dict(partner._fields["customer_class"]._description_selection(self.env))[partner.customer_class]
        return self.env.company._credit_term_days(partner.customer_class), _("the %(cls)s rule", cls=label)

    def _credit_is_new(self):
        """New customers' rule: a new customer, or one without a confirmed order yet (its first order)."""
        partner = self.commercial_partner_id
        return partner.is_new_customer or not partner.first_order_date

    def _credit_is_foreign(self):
        partner = self.commercial_partner_id
        company_country = (partner.company_id or self.env.company).country_id
        return bool(partner.country_id and company_country and partner.country_id != company_country)

    def _credit_default_term(self):
        """The term a new quotation gets: foreign customers pay by L/C, the others by their class."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner._credit_policy_applies():
            return self.env["account.payment.term"]
        if partner.credit_term_exception_user_id:
            return partner.property_payment_term_id
        company = self.env.company
        if partner._credit_is_foreign():
            return company._credit_default_term("foreign")
        if partner._credit_is_new():
            return company._credit_default_term("new")
        return company._credit_default_term(partner.customer_class)

    @api.depends_context("company")
    @api.depends(
        "customer_class",
        "is_new_customer",
        "first_order_date",
        "credit_term_exception_days",
        "credit_term_exception_user_id",
    )
    def _compute_credit_allowed_days(self):
        for partner in self:
            days, rule = partner._credit_allowed()
            partner.credit_allowed_days = days or 0
            partner.credit_rule = rule and _("%(days)s days (%(rule)s)", days=days, rule=rule)

    # ------------------------------------------------------------------
    # Exposure, in the company currency
    # ------------------------------------------------------------------
    @api.model
    def _setup_complete(self):
        # managers decide on credit: they read the limit Odoo keeps for accountants (as OCA's risk module does)
        res = super()._setup_complete()
        field = self._fields["credit_limit"]
        groups = field.groups.split(",") if field.groups else []
        if "sales_team.group_sale_manager" not in groups:
            field.groups = ",".join(groups + ["sales_team.group_sale_manager"])
        return res

    def _risk_limited(self):
        """Whether OCA's financial-risk check can find anything for this customer.

        It reports an exception only against a limit (the credit limit or one of the risk limits) or,
        without a credit limit, when sales orders count in the risk; otherwise its message is empty.
        """
        self.ensure_one()
        partner = self.sudo()
        return bool(
            partner.risk_sale_order_include
            or partner.credit_limit
            or any(partner[limit] for _amount, limit, _include in partner._risk_field_list())
        )

    def _credit_exposure(self, lock=True):
        """Receivables (posted, unpaid) + confirmed orders not invoiced yet, in the company currency;
        the part overdue beyond the maturity margin of the financial-risk settings counted separately.

        Receivables are summed here from the journal items' residual in company currency: the risk
        module converts that residual a second time from the invoice currency, which is wrong for
        invoices in a foreign currency. Open orders come from its stored per-line risk amounts.
        """
        self.ensure_one()
        partner = self.commercial_partner_id.sudo()
        company = self.env.company
        # one query (the check runs on every confirmation): the customer's row lock with its credit limit,
        # the receivables, the overdue part, and the open orders as the financial-risk module stores them
        # (its per-line risk amounts, selected with its own domain)
        self.env["account.move.line"].flush_model(
            ["amount_residual", "date_maturity", "parent_state", "reconciled", "partner_id", "company_id"]
        )
        order_lines = self.env["sale.order.line"].sudo()
        order_lines.flush_model(["risk_amount", "risk_partner_id", "state", "company_id"])
        partner.flush_recordset(["credit_limit"])
        open_lines = order_lines._search(partner._get_risk_sale_order_domain())
        self.env.cr.execute(
            SQL(
                """WITH locked AS (
                        SELECT (credit_limit->>%(company_key)s)::float AS credit_limit
                          FROM res_partner WHERE id = %(partner)s %(lock)s
                   )
                   SELECT (SELECT credit_limit FROM locked),
                          COALESCE(SUM(aml.amount_residual), 0),
                          COALESCE(SUM(aml.amount_residual) FILTER (WHERE aml.date_maturity < %(overdue)s), 0),
                          (SELECT COALESCE(SUM(risk_amount), 0) FROM sale_order_line WHERE id IN %(open_lines)s)
                     FROM account_move_line aml
                     JOIN account_account account ON account.id = aml.account_id
                    WHERE aml.company_id = %(company)s AND aml.partner_id = %(partner)s
                      AND account.account_type = 'asset_receivable'
                      AND aml.parent_state = 'posted' AND NOT aml.reconciled""",
                company_key=str(company.id),
                # reading a customer (its credit status) locks nothing: read requests run read-only
                lock=SQL("FOR NO KEY UPDATE") if lock else SQL(),
                overdue=partner._max_risk_date_due(),
                open_lines=open_lines.subselect(),
                company=company.id,
                partner=partner.id,
            )
        )
        limit, receivable, overdue, open_orders = self.env.cr.fetchone()
        if limit is None:  # no value for this company: the company's default credit limit
            defaults = self.env["ir.default"].with_company(company)._get_model_defaults("res.partner")
            limit = defaults.get("credit_limit") or 0.0
        risk_currency = partner._credit_risk_currency(company)
        if risk_currency != company.currency_id:
            today = fields.Date.context_today(self)
            open_orders = risk_currency._convert(open_orders, company.currency_id, company, today)
            limit = risk_currency._convert(limit, company.currency_id, company, today)
        return {
            "exposure": receivable + open_orders,
            "overdue": overdue,
            "limit": limit,
            "currency": company.currency_id,
        }

    def _credit_risk_currency(self, company):
        """The currency the financial-risk module keeps this customer's limit and open orders in."""
        # the risk currency is a compute reading several properties: skip it in the usual case
        return self.risk_currency_id if self.credit_currency != "company" else company.currency_id

    def _credit_numbers(self):
        """Receivables by days overdue and open orders of these customers in the current company.

        Read-only (no lock, unlike `_credit_exposure`): one grouped read of the receivables, one of the
        open orders, for any number of customers. Returns {commercial partner id: {name: amount}} with
        the keys receivable, open_orders, exposure, overdue and the ageing buckets.
        """
        company = self.env.company
        today = fields.Date.context_today(self)
        partners = self.commercial_partner_id._origin.sudo()  # a customer being created has no numbers yet
        keys = ["receivable", "open_orders", "exposure", "overdue"] + [b[0] for b in AGEING_BUCKETS]
        numbers = {partner.id: dict.fromkeys(keys, 0.0) for partner in partners}
        if not partners:
            return numbers
        receivables = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", partners.ids),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                ["partner_id", "date_maturity:day"],
                ["amount_residual:sum"],
            )
        )
        for partner, due, amount in receivables:
            values = numbers[partner.id]
            values["receivable"] += amount
            days = (today - fields.Date.to_date(due)).days if due else 0
            if days <= 0:
                continue
            values["overdue"] += amount
            for name, first, last in AGEING_BUCKETS:
                if days >= first and (last is None or days <= last):
                    values[name] += amount
        open_orders = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(partners._get_risk_sale_order_domain(), ["risk_partner_id"], ["risk_amount:sum"])
        )
        for partner, amount in open_orders:
            if partner.id not in numbers:
                continue
            # the financial-risk module keeps open orders in the customer's risk currency
            risk_currency = partner._credit_risk_currency(company)
            if risk_currency != company.currency_id:
                amount = risk_currency._convert(amount, company.currency_id, company, today)
            numbers[partner.id]["open_orders"] += amount
        for values in numbers.values():
            values["exposure"] = values["receivable"] + values["open_orders"]
        return numbers

    @api.depends_context("company")
    def _compute_credit_numbers(self):
        numbers = self._credit_numbers()
        currency = self.env.company.currency_id
        for partner in self:
            values = numbers.get(partner.commercial_partner_id._origin.id)
            partner.credit_currency_id = currency
            if values is None:  # a new record
                partner.update(dict.fromkeys(["credit_receivable", "credit_open_orders", "credit_exposure",
                                              "credit_available", "credit_overdue"]
                                             + [b[0] for b in AGEING_BUCKETS], 0.0))  # fmt: skip
                continue
            limit = partner.commercial_partner_id.sudo().credit_limit
            partner.credit_receivable = values["receivable"]
            partner.credit_open_orders = values["open_orders"]
            partner.credit_exposure = values["exposure"]
            partner.credit_available = limit - values["exposure"] if limit else 0.0
            partner.credit_overdue = values["overdue"]
            for name, _first, _last in AGEING_BUCKETS:
                partner[name] = values[name]

    def _credit_payment_history(self, months=12):
        """How this customer paid the invoices of the current company paid in the last `months` months.

        An invoice counts as paid on the date its last payment was reconciled; it is late when that
        date is after its due date. Returns (paid on time, paid late, average days late of the late ones).
        """
        self.ensure_one()
        company = self.env.company
        since = fields.Date.context_today(self) - relativedelta(months=months)
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("reconciled", "=", True),
                    ("matched_credit_ids.max_date", ">=", since),
                ],
                ["move_id", "date_maturity"],
            )
        )
        paid_on = dict(
            self.env["account.partial.reconcile"]
            .sudo()
            ._read_group([("debit_move_id", "in", lines.ids)], ["debit_move_id"], ["max_date:max"])
        )
        invoices = {}  # invoice id: (last due date, paid date) over its instalments
        for line in lines:
            due, paid = invoices.get(line.move_id.id, (None, None))
            line_due, line_paid = line.date_maturity or line.move_id.invoice_date, paid_on.get(line)
            invoices[line.move_id.id] = (
                max(filter(None, (due, line_due)), default=None),
                max(filter(None, (paid, line_paid)), default=None),
            )
        on_time = late = 0
        days_late = []
        for due, paid in invoices.values():
            if not due or not paid or paid < since:
                continue
            if paid > due:
                late += 1
                days_late.append((paid - due).days)
            else:
                on_time += 1
        return on_time, late, (sum(days_late) / len(days_late) if days_late else 0.0)

    def _credit_lock(self):
        """Serialise the credit checks of these customers (row lock, ids in ascending order: no deadlock).

        `_credit_exposure` takes the same lock for its customer; a batch of several customers locks
        them all first, in order.

        A check that lets an order through marks the customer's row (`_credit_mark_checked`); a concurrent
        check that started before that commit waits here, then fails with a serialization error that Odoo's
        request retry replays on a fresh snapshot, which sees the order the other check let through. Checks
        that only block do not mark the row, so they never make the others retry.
        """
        partners = self.commercial_partner_id
        if partners:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                    tuple(partners.ids),
                )
            )

    def _credit_mark_checked(self):
        """Mark the customers' rows: the serialization point of `_credit_lock`.

        Written in the cache and updated with the flush before the commit, while the lock is held: the
        UPDATE shares its statement with the customer's other changes of the confirmation (its order
        statistics) instead of costing one of its own.
        """
        partners = self.commercial_partner_id.sudo()
        if partners:
            self._fields["credit_checked_at"].write(partners, fields.Datetime.now())

    @api.depends_context("uid")
    def _compute_credit_status(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            if not commercial._credit_policy_applies():
                partner.credit_status = False
                partner.credit_status_reason = False
                continue
            problems = commercial._credit_account_problems(0.0, lock=False)
            partner.credit_status = "red" if problems else "green"
            partner.credit_status_reason = "\n".join(self._credit_visible_reasons(problems)) or False

    def _credit_account_problems(self, amount, lock=True):
        """Why the customer's account refuses `amount` more credit (in its credit currency).

        A list of (reason without numbers, reason with numbers): salespeople read the first unless Settings
        let them see the numbers.
        """
        self.ensure_one()
        data = self._credit_exposure(lock=lock)
        currency = data["currency"]
        problems = []
        # to the cent, without reading the currency (the check runs on every confirmation)
        if data["limit"] and float_compare(data["exposure"] + amount, data["limit"], precision_digits=2) > 0:
            problems.append(
                (
                    _("The order would exceed the customer's credit limit."),
                    _(
                        "Exposure %(exposure)s with this order would exceed the credit limit of %(limit)s.",
                        exposure=currency.format(data["exposure"] + amount),
                        limit=currency.format(data["limit"]),
                    ),
                )
            )
        if float_compare(data["overdue"], 0.0, precision_digits=2) > 0:
            problems.append(
                (
                    _("The customer has overdue invoices."),
                    _("The customer has %(amount)s overdue.", amount=currency.format(data["overdue"])),
                )
            )
        return problems

    @api.model
    def _credit_visible_reasons(self, problems):
        """The reasons of `_credit_account_problems` the current user may read: with numbers or without."""
        index = 1 if self._credit_numbers_visible() else 0
        return [problem[index] for problem in problems]

    @api.model
    def _credit_numbers_visible(self):
        user = self.env.user
        return bool(
            user.has_group("sales_team.group_sale_manager")
            or user.has_group("account.group_account_invoice")
            or user.has_group("account.group_account_readonly")
            or self.env.company.credit_numbers_to_salespeople
        )
