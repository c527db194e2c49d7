# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class ForeignTradeCommon(BaseCommon):
    """The sales roles of an export company and one customer company nobody owns yet.

    The salesperson (Zhao Wei) and the colleague (Lin Xiaoyu) are members of the Export Desk led
    by the sales manager, who also heads sales in the company's organisation; the general manager
    stands above every team. Tests that need another
    user (a second team, a leaver's successor) add it themselves; tests that need a customer of
    their own replace ``customer``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._user("ft_salesperson", "sales_team.group_sale_salesman", "Zhao Wei")
        cls.colleague = cls._user("ft_colleague", "sales_team.group_sale_salesman", "Lin Xiaoyu")
        cls.manager = cls._user("ft_sales_manager", "sales_team.group_sale_manager", "Chen Meiling")
        cls.general_manager = cls._user(
            "ft_general_manager", "base.group_user,crm_foreign_trade.group_general_manager", "Huang Zhiqiang"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Export Desk",
                "user_id": cls.manager.id,
                "member_ids": [(6, 0, (cls.salesperson | cls.colleague).ids)],
            }
        )
        cls.env.company.write(
            {"sales_manager_user_id": cls.manager.id, "general_manager_user_id": cls.general_manager.id}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Nordlicht Elektro GmbH", "is_company": True})
        cls.buyer = cls.env["res.partner"].create({"name": "Klaus Berger", "parent_id": cls.customer.id})

    @classmethod
    def _user(cls, login, groups, name):
        """A user whose password is its login (logins of 8 characters or more, for tours)."""
        return mail_new_test_user(cls.env, login=login, groups=groups, name=name)

    def _cron_batch(self, cron_xmlid, method, **kwargs):
        """Call a scheduled job's method as the scheduler does: (done, remaining) it reported."""
        cron = self.env.ref(cron_xmlid)
        self.assertIn(f"model.{method}(", cron.code)
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        getattr(self.env[cron.model_id.model].with_context(ir_cron_progress_id=progress.id), method)(**kwargs)
        return progress.done, progress.remaining

    def _cron_batches_of_one(self, cron_xmlid, method, records, checked_on):
        """The daily job over `records` alone, one record per call: what each of three calls reported.

        The database's other records (demo data) are checked today first; `checked_on` is the field saying
        a record was checked today.
        """
        records[checked_on] = fields.Date.context_today(records)
        self._cron_batch(cron_xmlid, method)
        records[checked_on] = False
        return [self._cron_batch(cron_xmlid, method, batch_size=1) for _call in range(3)]


def use_chinese(env, *users):
    """Chinese (zh_CN) for the given users, with every installed module's terms loaded.

    `make test` loads zh_CN when it installs the modules (so this is only a switch there); a
    database made without it gets the language loaded once here.
    """
    lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "zh_CN")])
    if not lang.active:
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search([("state", "=", "installed")])._update_translations(["zh_CN"])
    if users:
        env["res.users"].browse([u.id for u in users]).write({"lang": "zh_CN"})
    return users
