# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from ..tools.partner_keys import normalize_company_name, normalize_phone_digits, normalize_vat, normalize_website

COLLISION_FIELDS = ("name", "vat", "email", "phone", "mobile", "website", "is_company", "parent_id")


class ResPartner(models.Model):
    """Collision check (撞单): one customer must not be entered twice."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    collision_name_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_vat_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_phone_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_website_key = fields.Char(compute="_compute_collision_keys", store=True, index=True, copy=False)
    collision_confirmed = fields.Boolean(
        string="Not a Duplicate",
        copy=False,
        tracking=True,
        help="Kept as a customer of its own although it looks like another customer of the same "
        "salesperson (same name, tax ID, e-mail, phone or web site).",
    )
    collision_partner_id = fields.Many2one(
        "res.partner",
        string="Looks Like",
        compute="_compute_collision_partner",
        help="An existing customer this one duplicates (same name, tax ID, e-mail, phone or web site).",
    )
    collision_message = fields.Char(compute="_compute_collision_partner")
    collision_is_own = fields.Boolean(compute="_compute_collision_partner")

    def _collision_keys(self):
        """The keys of one partner as it is now (also a new record in a form)."""
        self.ensure_one()
        return self._collision_keys_from_values(
            name=self.name if self.is_company else "",
            vat=self.vat,
            email=self.email,
            phone=self.phone or self.mobile,
            website=self.website,
            country=self.country_id,
        )

    @api.model
    def _collision_keys_from_values(self, name="", vat="", email="", phone="", website="", country=None):
        """Keys recognising one company however it is written (shared with the legacy import)."""
        phone_key = ""
        if phone:
            # Odoo's own E.164 formatting where the number parses, digits otherwise
            formatted = self._phone_format(
                number=phone, country=country or self.env.company.country_id, force_format="E164"
            )
            phone_key = re.sub(r"\D", "", formatted) if formatted else normalize_phone_digits(phone)
        return {
            "collision_name_key": normalize_company_name(name),
            "collision_vat_key": normalize_vat(vat),
            "collision_phone_key": phone_key,
            "collision_website_key": normalize_website(website),
            "email_normalized": email_normalize(email or "") or "",
        }

    @api.depends("name", "vat", "phone", "mobile", "website", "is_company", "country_id")
    def _compute_collision_keys(self):
        for partner in self:
            keys = partner._collision_keys()
            for fname in ("collision_name_key", "collision_vat_key", "collision_phone_key", "collision_website_key"):
                partner[fname] = keys[fname] or False

    @api.depends(
        "name", "vat", "email", "phone", "mobile", "website", "is_company", "parent_id", "country_id", "user_id"
    )
    @api.depends_context("uid", "company")
    def _compute_collision_partner(self):
        """The banner of the partner form: which customer this one duplicates, and what to do."""
        found = self._find_collisions() if self._collision_check_enabled() else {}
        for partner in self:
            match = found.get(partner, self.browse())
            partner.collision_partner_id = match
            partner.collision_is_own = bool(match) and match.sudo().user_id == self.env.user
            partner.collision_message = partner.sudo()._collision_message(match.sudo()) if match else False

    @api.model
    def _collision_check_enabled(self):
        return self.env.company.collision_check

    def _find_collisions(self):
        """{partner: the other company it duplicates}, in one query for the whole batch."""
        keys_by_partner = {partner: partner._collision_keys() for partner in self}
        values = {}
        for keys in keys_by_partner.values():
            for fname, value in keys.items():
                if value:
                    values.setdefault(fname, set()).add(value)
        if not values:
            return {}
        domain = ["|"] * (len(values) - 1)
        for fname, keys in values.items():
            domain.append((fname, "in", list(keys)))
        own_ids = [pid for pid in self._origin.ids if pid] + [pid for pid in self.commercial_partner_id._origin.ids]
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([("id", "not in", own_ids)] + domain, list(values) + ["commercial_partner_id"], limit=100)
        )
        result = {}
        for partner, keys in keys_by_partner.items():
            own_commercial = partner.commercial_partner_id._origin
            for candidate in candidates:
                if candidate.commercial_partner_id == own_commercial or candidate == partner._origin:
                    continue
                if any(value and candidate[fname] == value for fname, value in keys.items()):
                    result[partner] = candidate.commercial_partner_id
                    break
        return result

    def _collision_message(self, match):
        """What the user reads: whose the existing customer is, and what to do instead of a duplicate."""
        owner = match.user_id
        if owner and owner == self.env.user:
            return _(
                "%(name)s is already your customer: %(match)s. Open %(match)s instead of creating a "
                "duplicate, or tick Not a Duplicate to keep both; duplicates already entered are merged "
                "with Merge (Odoo's contact merge).",
                name=self.display_name,
                match=match.display_name,
            )
        if owner:
            return _(
                "%(name)s is already a customer: %(match)s, owned by %(owner)s. "
                "Ask %(owner)s or your sales manager instead of creating a duplicate.",
                name=self.display_name,
                match=match.display_name,
                owner=owner.name,
            )
        if not match.active:
            return _(
                "%(name)s is already a contact: %(match)s, archived. "
                "Ask your sales manager to restore it instead of creating a duplicate.",
                name=self.display_name,
                match=match.display_name,
            )
        if match.in_public_pool:
            return _(
                "%(name)s is already a customer: %(match)s, in the public pool. "
                "Claim it from the pool instead of creating a duplicate.",
                name=self.display_name,
                match=match.display_name,
            )
        return _(
            "%(name)s is already a contact: %(match)s, which no salesperson owns. "
            "Ask your sales manager to assign it to you instead of creating a duplicate.",
            name=self.display_name,
            match=match.display_name,
        )

    def _check_customer_collision(self):
        """Salespeople cannot duplicate a customer: a colleague's, a pool one, an unowned contact, nor
        their own unless they confirm it is not a duplicate. Managers can (and merge)."""
        if not self or self.env.su or self.env.context.get("crm_partner_merge"):
            return
        if not self._collision_check_enabled() or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for partner, match in self._find_collisions().items():
            if partner.collision_confirmed and match.sudo().user_id == self.env.user:
                continue
            raise ValidationError(partner.sudo()._collision_message(match.sudo()))

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._check_customer_collision()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in COLLISION_FIELDS + ("collision_confirmed",)):
            self._check_customer_collision()
        return res

    def action_merge_collision(self):
        """Odoo's contact merge, opened on this customer and the one it duplicates (the earlier one kept)."""
        self.ensure_one()
        match = self.collision_partner_id
        if not match:
            raise UserError(_("%s duplicates no other customer.", self.display_name))
        if self.is_company != match.is_company:
            raise UserError(_("A company and a person are not merged: open %s instead.", match.display_name))
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        if not is_manager and match.sudo().user_id != self.env.user:
            raise UserError(self.sudo()._collision_message(match.sudo()))
        partners = match | self
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {
                "state": "selection",
                "partner_ids": [fields.Command.set(partners.ids)],
                # the customer entered first keeps its number, whichever form the merge starts from
                "dst_partner_id": partners.sorted("id")[:1].id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.onchange("name", "vat", "email", "phone", "mobile", "website", "is_company")
    def _onchange_collision_warning(self):
        if not self._collision_check_enabled():
            return None
        match = self._find_collisions().get(self)
        if not match or (self.collision_confirmed and match.sudo().user_id == self.env.user):
            return None
        return {
            "warning": {
                "title": _("Possible duplicate customer"),
                "message": self._collision_message(match.sudo()),
            }
        }
