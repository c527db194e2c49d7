# Copyright 2026 Foreign Trade CRM Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models


class TierValidation(models.AbstractModel):
    """Cheaper checks of OCA's tier validation on every write, with the same outcome.

    Confirming an order goes through these checks; without them, installing the tier modules
    costs four queries on each confirmation even where no tier is defined.
    """

    _inherit = "tier.validation"

    def _compute_need_validation(self):
        if self._name not in self.env["tier.definition"]._models_with_active_tiers():
            # no active definition for this model: OCA's compute finds no tier either
            self.need_validation = False
            return
        return super()._compute_need_validation()

    def _tier_validation_check_write_allowed(self, vals):
        # both of OCA's checks (writes under and after validation) concern records with reviews:
        # skip their look-ups of the user's groups and of the validation exceptions for the others
        with_reviews = self.filtered("review_ids")
        if with_reviews:
            return super(TierValidation, with_reviews)._tier_validation_check_write_allowed(vals)
        return None

    # OCA's base_tier_validation leaves these messages untranslated in Chinese (empty msgstr in its
    # zh_CN.po). Code terms are translated from the module whose code calls _(), so they are
    # said again here, where this module's translations apply.
    def _get_to_validate_message_name(self):
        # the document's name in the reader's language (OCA gives the English model description)
        return self.env["ir.model"].sudo()._get(self._name).name or super()._get_to_validate_message_name()

    def _get_to_validate_message(self):
        message = _("This %(document)s needs to be validated", document=self._get_to_validate_message_name())
        return f'<i class="fa fa-info-circle"></i> {message}'

    def _get_validated_message(self):
        if self.validation_status != "validated":
            return ""
        return f'<i class="fa fa-thumbs-up"></i> {_("Operation has been <b>validated</b>!")}'

    def _get_rejected_message(self):
        if self.validation_status != "rejected":
            return ""
        return f'<i class="fa fa-thumbs-down"></i> {_("Operation has been <b>rejected</b>.")}'

    def _compute_next_review(self):
        for rec in self:
            review = rec.review_ids.sorted("sequence").filtered(lambda r: r.status == "pending")[:1]
            rec.next_review = _("Next: %(review)s", review=review.name or "") if review else False

    def _notify_created_review_body(self):
        return _("A record to be reviewed has been created by %(user)s.", user=self.env.user.name)

    def _notify_rejected_review_body(self):
        commented = self.review_ids.filtered(lambda r: self.env.user in r.reviewer_ids and r.comment)
        if commented:
            return _(
                "A review was rejected by %(user)s. (%(comment)s)",
                user=self.env.user.name,
                comment=commented.mapped("comment")[0],
            )
        return _("A review was rejected by %(user)s.", user=self.env.user.name)

    def _notify_restarted_review_body(self):
        return _("The review has been reset by %(user)s.", user=self.env.user.name)
