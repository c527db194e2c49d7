# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""ABC classes from the yearly ranking (seed 001 §4.2.3), configured like OCA's product_abc_classification.

A profile per company says how the ranking becomes classes: its levels A, B and C each carry a share of the
year's positive final score and a share of the customers, and the profile's mode says which share cuts the
ranking. Hysteresis keeps classes from flapping: a customer moves down only after N years in a row below its
current class's cut; it moves up at once.
"""

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_foreign_trade.models.res_partner import CUSTOMER_CLASSES

ABC_MODES = [
    ("score_share", "Cumulative Share of Final Score"),
    ("customer_share", "Share of Customers"),
]
CLASS_ORDER = {"a": 0, "b": 1, "c": 2}
# seed 001 §4.2.3, Fig. 4-4: about 11 % A, 32 % B and 57 % C customers; the score shares follow Pareto
DEFAULT_LEVELS = [("a", 70.0, 11.0), ("b", 20.0, 32.0), ("c", 10.0, 57.0)]
# shares are percentages with one or two decimals: a sum within this of 100 is 100
SHARE_EPSILON = 0.001


class CrmCustomerAbcProfile(models.Model):
    _name = "crm.customer.abc.profile"
    _description = "ABC Classification Profile"
    _order = "company_id, active desc, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    mode = fields.Selection(
        ABC_MODES,
        required=True,
        default="customer_share",
        help="Cumulative Share of Final Score: the best customers making up the A share of the year's positive "
        "score are A, the next ones up to the B share B. Share of Customers: the best A share of the customers "
        "are A, the next B share B. Customers with a zero or negative score are C in both.",
    )
    level_ids = fields.One2many(
        "crm.customer.abc.level",
        "profile_id",
        string="Levels",
        copy=True,
        default=lambda self: [
            Command.create({"customer_class": cls, "score_share": score, "customer_share": count})
            for cls, score, count in DEFAULT_LEVELS
        ],
    )
    hysteresis_years = fields.Integer(
        string="Years Below the Cut Before Moving Down",
        default=2,
        help="A customer moves down only after this many years in a row below its current class's cut "
        "(1: at once). It moves up at once.",
    )
    auto_apply = fields.Boolean(
        string="Apply Proposed Classes Automatically",
        help="When the latest year is ranked, its proposed classes are applied to the customers at once, each "
        "change logged with its reason. Off: a sales manager applies them from ABC Class Proposals.",
    )
    cuts_display = fields.Char(string="Cuts", compute="_compute_cuts_display")

    _sql_constraints = [
        ("hysteresis_years_positive", "CHECK(hysteresis_years >= 1)", "A customer moves down after at least 1 year."),
    ]

    @api.depends("mode", "level_ids.score_share", "level_ids.customer_share", "level_ids.customer_class")
    def _compute_cuts_display(self):
        for profile in self:
            cut_a, cut_b = profile._cuts() if len(profile.level_ids) == 3 else (0.0, 0.0)
            profile.cuts_display = f"A ≤ {cut_a:g} % < B ≤ {cut_b:g} % < C"

    @api.constrains("active", "company_id")
    def _check_one_active_per_company(self):
        for company in self.filtered("active").company_id:
            if self.search_count([("company_id", "=", company.id), ("active", "=", True)]) > 1:
                raise ValidationError(
                    _("%(company)s already has an active ABC profile: archive it first.", company=company.name)
                )

    @api.constrains("level_ids")
    def _check_levels(self):
        for profile in self:
            classes = sorted(profile.level_ids.mapped("customer_class"))
            if classes != ["a", "b", "c"]:
                raise ValidationError(_("An ABC profile has exactly one level for each of the classes A, B and C."))
            for field, label in (("score_share", _("score")), ("customer_share", _("customers"))):
                total = sum(profile.level_ids.mapped(field))
                if abs(total - 100.0) > SHARE_EPSILON:
                    raise ValidationError(
                        _(
                            "The shares of %(measure)s of the levels A, B and C of %(profile)s add up to "
                            "%(total)s %%, not 100 %%.",
                            measure=label,
                            profile=profile.name,
                            total=round(total, 2),
                        )
                    )

    # ------------------------------------------------------------------
    # The company's profile
    # ------------------------------------------------------------------
    @api.model
    def _for_company(self, company):
        """The active profile of `company`; one with the seed's defaults is created when it has none, so that a
        new branch company gets proposals too (they change nothing until applied)."""
        profile = self.sudo().search([("company_id", "=", company.id)], limit=1)
        if not profile:
            profile = self.sudo().create({"name": _("ABC Classes"), "company_id": company.id})
        return profile

    def _cuts(self):
        """(cut of A, cut of B) in % of the profile's measure: A up to the first, B up to the second."""
        self.ensure_one()
        field = "score_share" if self.mode == "score_share" else "customer_share"
        shares = {level.customer_class: level[field] for level in self.level_ids}
        return shares.get("a", 0.0), shares.get("a", 0.0) + shares.get("b", 0.0)

    # ------------------------------------------------------------------
    # Classification (plain data in, plain data out: testable and fast for tens of thousands of customers)
    # ------------------------------------------------------------------
    def _classify(self, scores, current_classes, history):
        """Classes of one year's ranking.

        :param scores: [(partner_id, final_score)] of the year
        :param current_classes: {partner_id: the customer's class now ('a'/'b'/'c' or False)}
        :param history: {partner_id: [class by ranking of the previous year, the year before, ...]}, the
            consecutive previous years only (a year without a ranking row ends the list)
        :return: {partner_id: {"ranked_class", "proposed_class", "years_below", "reason"}}
        """
        self.ensure_one()
        ranked = self._rank_classes(scores)
        labels = self._class_labels()
        # translated once: tens of thousands of reasons are then plain string formatting
        no_class = _("No class yet: %(proposed)s.")
        stays = _("Stays %(current)s.")
        moves_up = _("Moves up from %(current)s at once.")
        not_positive = _("Moves down from %(current)s at once: the score is not positive.")
        moves_down = _("Below the cut of %(current)s %(years)s year(s) in a row (%(needed)s needed): moves down to "
                       "%(proposed)s.")  # fmt: skip
        held = _("Below the cut of %(current)s %(years)s year(s) in a row of %(needed)s needed to move down: held "
                 "at %(current)s.")  # fmt: skip
        needed = self.hysteresis_years
        result = {}
        for partner_id, (ranked_class, position_reason, negative) in ranked.items():
            current = current_classes.get(partner_id) or False
            years_below = 0
            proposed = ranked_class
            if not current:
                decision = no_class % {"proposed": labels[proposed]}
            elif CLASS_ORDER[ranked_class] <= CLASS_ORDER[current]:
                decision = (stays if ranked_class == current else moves_up) % {"current": labels[current]}
            else:
                # this year plus the previous years in a row below the current class's cut
                years_below = 1
                for previous in history.get(partner_id, []):
                    if not previous or CLASS_ORDER[previous] <= CLASS_ORDER[current]:
                        break
                    years_below += 1
                values = {
                    "current": labels[current],
                    "years": years_below,
                    "needed": needed,
                    "proposed": labels[ranked_class],
                }
                if negative:
                    decision = not_positive % values
                elif years_below >= needed:
                    decision = moves_down % values
                else:
                    proposed = current
                    decision = held % values
            result[partner_id] = {
                "ranked_class": ranked_class,
                "proposed_class": proposed,
                "years_below": years_below,
                "reason": f"{position_reason} {decision}",
            }
        return result

    def _class_labels(self):
        """The class labels in the user's language ("Class A", "A类客户")."""
        field = self.env["res.partner"]._fields["customer_class"]
        return dict(field._description_selection(self.env))

    def _rank_classes(self, scores):
        """{partner_id: (class by ranking, why, not positive)} by the profile's mode and cuts.

        A customer takes the class of the band its position starts in: the best customer is always A (when A's
        share is not 0), and a customer crossing a cut keeps the upper class, as the share before it is within.
        """
        self.ensure_one()
        cut_a, cut_b = self._cuts()
        labels = self._class_labels()
        by_score = self.mode == "score_share"
        measure = _("of the year's positive score") if by_score else _("of the customers")
        not_positive = _("Ranked %(position)s of %(count)s with a zero or negative score: %(cls)s by ranking.")
        ranked = _(
            "Ranked %(position)s of %(count)s; those above hold %(share)s %% %(measure)s (A up to %(cut_a)s %%, "
            "B up to %(cut_b)s %%): %(cls)s by ranking."
        )
        ordered = sorted(scores, key=lambda item: (-item[1], item[0]))
        count = len(ordered)
        positive_total = sum(score for _partner, score in ordered if score > 0)
        result = {}
        before = 0.0  # the positive score ranked above the current customer
        for position, (partner_id, score) in enumerate(ordered, start=1):
            if score <= 0:
                reason = not_positive % {"position": position, "count": count, "cls": labels["c"]}
                result[partner_id] = ("c", reason, True)
                continue
            if by_score:
                share = before * 100.0 / positive_total
                before += score
            else:
                share = (position - 1) * 100.0 / count
            ranked_class = "a" if share < cut_a - SHARE_EPSILON else "b" if share < cut_b - SHARE_EPSILON else "c"
            reason = ranked % {
                "position": position,
                "count": count,
                "share": f"{share:.1f}",
                "measure": measure,
                "cut_a": f"{cut_a:g}",
                "cut_b": f"{cut_b:g}",
                "cls": labels[ranked_class],
            }
            result[partner_id] = (ranked_class, reason, False)
        return result


class CrmCustomerAbcLevel(models.Model):
    _name = "crm.customer.abc.level"
    _description = "ABC Classification Level"
    _order = "profile_id, customer_class"

    profile_id = fields.Many2one("crm.customer.abc.profile", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    customer_class = fields.Selection(CUSTOMER_CLASSES, required=True)
    score_share = fields.Float(
        string="Share of Score (%)",
        digits=(5, 2),
        help="The part of the year's positive final score this class covers, in the Cumulative Share of Final "
        "Score mode.",
    )
    customer_share = fields.Float(
        string="Share of Customers (%)",
        digits=(5, 2),
        help="The part of the ranked customers this class covers, in the Share of Customers mode.",
    )

    @api.constrains("customer_class", "score_share", "customer_share")
    def _check_profile_levels(self):
        self.profile_id._check_levels()

    _sql_constraints = [
        ("class_unique", "unique(profile_id, customer_class)", "One level per class in a profile."),
        (
            "shares_range",
            "CHECK(score_share >= 0 AND score_share <= 100 AND customer_share >= 0 AND customer_share <= 100)",
            "A share is between 0 % and 100 %.",
        ),
    ]
