# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ABC class each ranking row proposes (crm_customer_abc_profile.py), and applying the proposals.

Applying goes through the class-change wizard of crm_foreign_trade, so every change is written with its reason
and logged in the customer's chatter like a change made by hand; the rules that read the class (visits,
payment terms, samples, the pool) follow by themselves.
"""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_foreign_trade.models.res_partner import CUSTOMER_CLASSES


class CrmCustomerScore(models.Model):
    _inherit = "crm.customer.score"

    ranked_class = fields.Selection(
        CUSTOMER_CLASSES,
        string="Class by Ranking",
        readonly=True,
        help="The class the year's ranking alone gives, by the cuts of the company's ABC profile.",
    )
    proposed_class = fields.Selection(
        CUSTOMER_CLASSES,
        readonly=True,
        help="The class by ranking, except that a customer moves down only after the profile's number of years "
        "in a row below its current class's cut.",
    )
    class_reason = fields.Text(readonly=True, help="Why this class is proposed.")
    class_years_below = fields.Integer(
        string="Years Below the Cut",
        readonly=True,
        aggregator=False,
        help="Years in a row, up to this one, the customer ranked below the cut of its current class.",
    )
    # kept by the ranking for all the company's rows (_after_ranking): an older year's proposal is outdated
    is_latest_year = fields.Boolean(
        string="Latest Ranked Year",
        readonly=True,
        help="The customer's latest ranked year in the company: the year whose proposed class counts.",
    )
    class_change_pending = fields.Boolean(
        string="Class Change Proposed",
        compute="_compute_class_change_pending",
        store=True,
        index=True,
        help="The proposed class of the customer's latest ranked year differs from its current class.",
    )

    @api.depends("proposed_class", "customer_class", "is_latest_year")
    def _compute_class_change_pending(self):
        for score in self:
            score.class_change_pending = (
                score.is_latest_year and bool(score.proposed_class) and score.proposed_class != score.customer_class
            )

    # ------------------------------------------------------------------
    # Proposing
    # ------------------------------------------------------------------
    @api.model
    def _after_ranking(self, year):
        """After the ranking with the classes it proposes: the other years' rows of the company that stop being
        their customer's latest, and the proposals applied when the company's profile says so."""
        res = super()._after_ranking(year)
        company = self.env.company
        # which row is each customer's latest, and so which proposals are pending, over all the company's years:
        # ranking a year adds or removes rows (a customer no longer invoiced loses its row); the year's own rows
        # were written with the ranking, so only the rows that change are touched
        self.env.cr.execute(
            """
            WITH latest AS (
                SELECT id, year = MAX(year) OVER (PARTITION BY partner_id) AS is_latest
                  FROM crm_customer_score
                 WHERE company_id = %s
            )
            UPDATE crm_customer_score s
               SET is_latest_year = l.is_latest,
                   class_change_pending = l.is_latest AND s.proposed_class IS NOT NULL
                                          AND s.proposed_class IS DISTINCT FROM s.customer_class
              FROM latest l
             WHERE s.id = l.id
               AND (s.is_latest_year IS DISTINCT FROM l.is_latest
                    OR s.class_change_pending IS DISTINCT FROM (l.is_latest AND s.proposed_class IS NOT NULL
                                                               AND s.proposed_class IS DISTINCT FROM s.customer_class))
            """,
            (company.id,),
        )
        self.invalidate_model(["is_latest_year", "class_change_pending"])
        profile = self.env["crm.customer.abc.profile"]._for_company(company)
        if profile.auto_apply and not self.sudo().search_count(
            [("company_id", "=", company.id), ("year", ">", year)], limit=1
        ):
            pending = self.sudo().search(
                [("company_id", "=", company.id), ("year", "=", year), ("class_change_pending", "=", True)]
            )
            pending._apply_proposed_classes(automatic=True)
        return res

    @api.model
    def _finalise_values(self, year, rows):
        """The classes of the year's rows by the company's ABC profile, written with their ranking."""
        values = super()._finalise_values(year, rows)
        company = self.env.company
        profile = self.env["crm.customer.abc.profile"]._for_company(company)
        partner_ids = [row[1] for row in rows]
        # plain reads: the whole year's rows (tens of thousands of customers) each get their own class and reason
        self.env.cr.execute("SELECT id, customer_class FROM res_partner WHERE id = ANY(%s)", (partner_ids,))
        current = dict(self.env.cr.fetchall())
        self.env.cr.execute(
            "SELECT DISTINCT partner_id FROM crm_customer_score WHERE company_id = %s AND year > %s",
            (company.id, year),
        )
        ranked_later = {partner_id for (partner_id,) in self.env.cr.fetchall()}
        history = self._class_history(company, year, profile.hysteresis_years - 1)
        # the reasons are stored: in the company's language, whoever (or whichever scheduled action) ranks the year
        profile = profile.with_context(lang=company.partner_id.lang or self.env.lang)
        classes = profile._classify([(row[1], row[2] or 0.0) for row in rows], current, history)
        proposed = [classes[partner_id]["proposed_class"] for partner_id in partner_ids]
        latest = [partner_id not in ranked_later for partner_id in partner_ids]
        values.update(
            ranked_class=("varchar", [classes[partner_id]["ranked_class"] for partner_id in partner_ids]),
            proposed_class=("varchar", proposed),
            class_years_below=("int", [classes[partner_id]["years_below"] for partner_id in partner_ids]),
            class_reason=("text", [classes[partner_id]["reason"] for partner_id in partner_ids]),
            is_latest_year=("bool", latest),
            class_change_pending=(
                "bool",
                [
                    is_latest and bool(proposal) and proposal != (current.get(partner_id) or None)
                    for partner_id, proposal, is_latest in zip(partner_ids, proposed, latest, strict=True)
                ],
            ),
        )
        return values

    @api.model
    def _class_history(self, company, year, years):
        """{partner_id: [class by ranking in year - 1, year - 2, ...]} over at most `years` previous years; a
        customer's list stops at the first year it has no ranking row."""
        if years <= 0:
            return {}
        self.env.cr.execute(
            """
            SELECT partner_id, year, ranked_class
              FROM crm_customer_score
             WHERE company_id = %s AND year >= %s AND year < %s
            """,
            (company.id, year - years, year),
        )
        by_partner = {}
        for partner_id, row_year, ranked_class in self.env.cr.fetchall():
            by_partner.setdefault(partner_id, {})[row_year] = ranked_class
        history = {}
        for partner_id, years_classes in by_partner.items():
            previous = []
            for row_year in range(year - 1, year - years - 1, -1):
                if row_year not in years_classes:
                    break
                previous.append(years_classes[row_year])
            history[partner_id] = previous
        return history

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------
    def action_apply_proposed_classes(self):
        """Give the selected customers their proposed classes, each change logged with its reason."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(_("Only sales managers can apply proposed classes."))
        applied = self._apply_proposed_classes()
        if not applied:
            raise UserError(
                _("None of the selected rows proposes a class change for the customer's latest ranked year.")
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s customer class(es) changed.", count=len(applied)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _apply_proposed_classes(self, automatic=False):
        """Apply the pending proposals of these rows (their customers' latest ranked years) through the
        class-change wizard, one change per customer. Returns the rows applied."""
        partner_ids = set()
        applied_ids = []
        for score in self.filtered("class_change_pending"):
            # a customer ranked in two companies: one change, by the first row
            if score.partner_id.id not in partner_ids:
                partner_ids.add(score.partner_id.id)
                applied_ids.append(score.id)
        applied = self.browse(applied_ids)
        wizard = self.env["crm.customer.class.change"]
        if automatic:
            wizard = wizard.sudo()  # the company switched automatic application on: no manager at hand
        for score in applied:
            wizard.create(
                {
                    "partner_ids": [Command.set(score.partner_id.ids)],
                    "customer_class": score.proposed_class,
                    "reason": score._class_change_reason(automatic),
                }
            ).action_apply()
        return applied

    def _class_change_reason(self, automatic=False):
        self.ensure_one()
        if automatic:
            return _(
                "ABC classes of the %(year)s ranking, applied automatically: %(reason)s",
                year=self.year,
                reason=self.class_reason,
            )
        return _("ABC classes of the %(year)s ranking: %(reason)s", year=self.year, reason=self.class_reason)
