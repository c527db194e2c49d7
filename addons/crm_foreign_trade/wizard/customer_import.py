# Copyright 2026 Foreign Trade CRM Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Legacy customer import: the Excel and CSV lists salespeople kept for years.

Headers in Chinese or English are recognised, every row is checked, duplicates
(in the file and against existing customers) are found with the same keys as
the duplicate-customer check, and the whole file is written or nothing is.
Name cards (contact, job position, phone, e-mail, WeChat) become contacts of
the company; a company on several rows gets every row's contact.
"""

import base64
import csv
import datetime
import io
import re

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, single_email_re

# target field -> header spellings met in legacy files (compared normalised)
HEADER_SYNONYMS = {
    "name": ["name", "company", "company name", "customer", "customer name", "客户名称", "公司名称", "客户", "名称"],
    "street": ["address", "street", "地址", "公司地址"],
    "city": ["city", "城市"],
    "country": ["country", "country/region", "国家", "国家/地区", "国家和地区"],
    "email": ["email", "e-mail", "mail", "邮箱", "电子邮件", "电邮"],
    "phone": ["phone", "tel", "telephone", "电话", "联系电话", "座机"],
    "mobile": ["mobile", "cell", "手机", "手机号"],
    "website": ["website", "web", "url", "网址", "网站"],
    "vat": ["vat", "tax id", "vat number", "税号", "统一社会信用代码"],
    "customer_class": ["class", "customer class", "grade", "客户类别", "类别", "客户等级", "等级"],
    "investor_country": ["investor country", "investor", "投资方", "投资方国家", "投资方所属国家和地区"],
    "trade_channel": ["trade channel", "channel", "sales channel", "销售方式", "贸易方式"],
    "salesperson": ["salesperson", "sales", "owner", "销售人员", "业务员", "负责人"],
    "comment": ["note", "notes", "remark", "remarks", "备注"],
    # the name card
    "contact_name": ["contact", "contact name", "contact person", "联系人", "联系人姓名", "姓名"],
    "contact_function": ["job position", "job title", "title", "position", "职位", "职务", "头衔"],
    "contact_phone": ["contact phone", "联系人电话"],
    "contact_mobile": ["contact mobile", "联系人手机"],
    "contact_email": ["contact email", "contact e-mail", "联系人邮箱"],
    "contact_wechat": ["wechat", "wechat id", "weixin", "微信", "微信号"],
}
# in a file with a contact column, plain phone, mobile and e-mail columns are the name card's
CARD_TARGETS = {"phone": "contact_phone", "mobile": "contact_mobile", "email": "contact_email"}
CLASS_VALUES = {
    "a": "a",
    "b": "b",
    "c": "c",
    "a类": "a",
    "b类": "b",
    "c类": "c",
    "a类客户": "a",
    "b类客户": "b",
    "c类客户": "c",
}
CHANNEL_VALUES = {
    "direct export": "direct_export",
    "direct": "direct_export",
    "export": "direct_export",
    "直接外销": "direct_export",
    "外销": "direct_export",
    "transfer-factory export": "transfer_export",
    "transfer factory export": "transfer_export",
    "transfer": "transfer_export",
    "转厂": "transfer_export",
    "转厂外销": "transfer_export",
    "domestic": "domestic",
    "内销": "domestic",
}
# the short names legacy lists use, beside Odoo's names in every installed language
COUNTRY_ALIASES = {
    "hong kong": "hk", "香港": "hk", "中国香港": "hk", "澳门": "mo", "中国澳门": "mo",
    "台湾": "tw", "中国台湾": "tw", "中国": "cn", "中国大陆": "cn", "大陆": "cn",
    "usa": "us", "america": "us", "united states of america": "us", "美国": "us",
    "uk": "gb", "england": "gb", "great britain": "gb", "英国": "gb",
    "uae": "ae", "u.a.e.": "ae", "阿联酋": "ae", "阿拉伯联合酋长国": "ae", "迪拜": "ae",
    "germany": "de", "德国": "de", "法国": "fr", "意大利": "it", "西班牙": "es", "葡萄牙": "pt",
    "holland": "nl", "荷兰": "nl", "比利时": "be", "瑞士": "ch", "瑞典": "se", "波兰": "pl",
    "russia": "ru", "俄罗斯": "ru", "turkey": "tr", "土耳其": "tr",
    "日本": "jp", "korea": "kr", "south korea": "kr", "韩国": "kr", "vietnam": "vn", "越南": "vn",
    "泰国": "th", "马来西亚": "my", "新加坡": "sg", "印尼": "id", "印度尼西亚": "id", "菲律宾": "ph",
    "印度": "in", "巴基斯坦": "pk", "孟加拉": "bd", "孟加拉国": "bd",
    "沙特": "sa", "沙特阿拉伯": "sa", "卡塔尔": "qa", "科威特": "kw", "以色列": "il", "伊朗": "ir",
    "埃及": "eg", "南非": "za", "尼日利亚": "ng", "澳大利亚": "au", "澳洲": "au", "新西兰": "nz",
    "加拿大": "ca", "墨西哥": "mx", "巴西": "br", "智利": "cl", "阿根廷": "ar", "秘鲁": "pe", "哥伦比亚": "co",
}  # fmt: skip
CREATE_BATCH = 1000
# a date where a phone number belongs: 2024-03-05, 2024/3/5, 2024.03.05 (a time may follow)
DATE_RE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
AMBIGUOUS = -1  # a salesperson's name shared by several users
# the system parameter each import writes first: when the last import started, and the imports' serialization point
IMPORT_SERIAL_KEY = "crm_foreign_trade.customer_import_last_started"


def _in_gb2312(char):
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _header_key(text):
    return re.sub(r"[\s_:：*]+", " ", str(text or "")).strip().casefold()


class CrmCustomerImport(models.TransientModel):
    _name = "crm.customer.import"
    _description = "Import Legacy Customers"

    file = fields.Binary(required=True)
    filename = fields.Char()
    duplicate_mode = fields.Selection(
        [("skip", "Skip existing customers"), ("update", "Update existing customers")],
        default="skip",
        required=True,
    )
    column_ids = fields.One2many("crm.customer.import.column", "import_id", string="Columns")
    state = fields.Selection(
        [("upload", "Upload"), ("map", "Map Columns"), ("preview", "Preview"), ("done", "Done")],
        default="upload",
        required=True,
    )
    result_file = fields.Binary(readonly=True)
    result_filename = fields.Char(readonly=True)
    row_count = fields.Integer(readonly=True)
    # the view labels these "to create" before the import and "created" after it
    create_count = fields.Integer(string="To Create", readonly=True)
    update_count = fields.Integer(string="To Update", readonly=True)
    contact_count = fields.Integer(string="Contacts to Add", readonly=True)
    skip_count = fields.Integer(string="Skipped", readonly=True)
    error_count = fields.Integer(string="Errors", readonly=True)
    preview_html = fields.Html(readonly=True, sanitize=False)

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def _read_rows(self):
        """Header and data rows of the file, as lists of strings."""
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose a file to import."))
        data = base64.b64decode(self.file)
        name = (self.filename or "").lower()
        try:
            if name.endswith(".xlsx"):
                rows = self._read_xlsx(data)
            elif name.endswith(".xls"):
                rows = self._read_xls(data)
            elif name.endswith((".csv", ".txt")):
                rows = self._read_csv(data)
            else:
                raise UserError(_("Import an Excel file (.xlsx or .xls) or a CSV file (.csv)."))
        except UserError:
            raise
        except Exception as exc:
            raise UserError(_("The file cannot be read: %s", exc)) from exc
        rows = [[self._cell_text(c) for c in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if len(rows) < 2:
            raise UserError(_("The file has no customer rows under its header."))
        return rows[0], rows[1:]

    @staticmethod
    def _cell_text(value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # phone numbers and codes typed as numbers
        if isinstance(value, datetime.datetime) and value.time() == datetime.time():
            value = value.date()  # a date cell, as the user sees it
        return str(value).strip()

    def _phone_error(self, value):
        """Why `value` is no phone number, or None."""
        if DATE_RE.match(value):
            # Excel turns 2024-3-5 typed in a cell into a date; a CSV keeps it as text
            return _("%s is a date, not a phone number", value)
        if len(re.sub(r"\D", "", value)) < 7:
            return _("%s is not a phone number", value)
        return None

    def _read_xlsx(self, data):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        filled = [
            sheet
            for sheet in book.worksheets
            if any(any(v not in (None, "") for v in row) for row in sheet.iter_rows(max_row=50, values_only=True))
        ]
        self._check_one_sheet([sheet.title for sheet in filled])
        return list((filled or book.worksheets)[0].iter_rows(values_only=True))

    def _read_xls(self, data):
        import xlrd

        book = xlrd.open_workbook(file_contents=data)
        filled = [sheet for sheet in book.sheets() if sheet.nrows]
        self._check_one_sheet([sheet.name for sheet in filled])
        sheet = (filled or [book.sheet_by_index(0)])[0]
        return [sheet.row_values(i) for i in range(sheet.nrows)]

    def _check_one_sheet(self, titles):
        """Customers on a second sheet would be left out without a word: one sheet per import."""
        if len(titles) > 1:
            raise UserError(
                _(
                    "The workbook has several sheets with data (%s): keep the customers on one sheet, "
                    "or import each sheet as a file of its own.",
                    ", ".join(titles),
                )
            )

    def _read_csv(self, data):
        # a method, not a static one: _() finds the user's language through self
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(_("Save the CSV file as UTF-8 or GBK."))
        if encoding == "gb18030" and not any(ord(char) > 127 and _in_gb2312(char) for char in text):
            # a Western file (Windows-1252: Müller) often decodes as GB18030 into rare characters only;
            # a Chinese list always has common ones
            raise UserError(_("The CSV file is neither UTF-8 nor GBK (a Western encoding?): save it as UTF-8."))
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        return list(csv.reader(io.StringIO(text), dialect))

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import Legacy Customers"),
            "context": {"dialog_size": "extra-large"},
        }

    def action_read_columns(self):
        """Read the header and propose a target field for every column."""
        self.ensure_one()
        header, _rows = self._read_rows()
        lookup = {_header_key(s): target for target, spellings in HEADER_SYNONYMS.items() for s in spellings}
        has_card = any(lookup.get(_header_key(title)) == "contact_name" for title in header)
        used = set()
        commands = [fields.Command.clear()]
        for index, title in enumerate(header):
            target = lookup.get(_header_key(title))
            if has_card:
                target = CARD_TARGETS.get(target, target)
            if target in used:
                target = False
            used.add(target)
            commands.append(
                fields.Command.create({"sequence": index, "header": title or f"#{index + 1}", "target": target})
            )
        self.write({"column_ids": commands, "state": "map"})
        return self._reopen()

    def action_preview(self):
        """Dry run: validate and match every row, write nothing."""
        self.ensure_one()
        results = self._process(write=False)
        self._store_results(results, "preview")
        return self._reopen()

    def action_import(self):
        self.ensure_one()
        results = self._process(write=False)
        if any(r["action"] == "error" for r in results):
            self._store_results(results, "preview")
            raise UserError(
                _(
                    "%(count)s row(s) have errors: nothing was imported. "
                    "Download the result file, correct the rows and import again.",
                    count=sum(1 for r in results if r["action"] == "error"),
                )
            )
        # an import committed meanwhile makes this one start again, seeing its customers
        self._serialize_imports()
        results = self._process(write=True)
        self._store_results(results, "done")
        return self._reopen()

    def _serialize_imports(self):
        """One import at a time, each seeing the customers of the imports before it.

        Two managers importing lists with the same customer at once would both find it new (neither sees
        the other's uncommitted customers) and both create it. Each import writes the same row first: the
        second waits for the first to commit, then fails with a serialization error, and Odoo's request
        retry replays it on a fresh snapshot that sees the first one's customers (skipped or updated as
        any existing customer). The row is a system parameter nobody reads or references (a partner or
        company row would make every order referencing it retry too).
        """
        self.env.cr.execute(
            SQL(
                "INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date) "
                "VALUES (%(key)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_uid = EXCLUDED.write_uid, "
                "write_date = EXCLUDED.write_date",
                key=IMPORT_SERIAL_KEY,
                now=fields.Datetime.to_string(fields.Datetime.now()),
                uid=self.env.uid,
            )
        )

    # ------------------------------------------------------------------
    # Validation, matching and writing
    # ------------------------------------------------------------------
    def _mapping(self):
        mapping = {}
        for column in self.column_ids.sorted("sequence"):
            if column.target:
                if column.target in mapping:
                    raise UserError(_("Two columns are mapped to %s.", column.target_label()))
                mapping[column.target] = column.sequence
        if "name" not in mapping:
            raise UserError(_("Map one column to the customer name."))
        return mapping

    def _country_lookup(self):
        """Country by ISO code or by its name in any installed language."""
        # the translated names of every language at once: one query
        self.env.cr.execute(SQL("SELECT id, lower(code), name FROM res_country"))
        lookup = {}
        for country_id, code, names in self.env.cr.fetchall():
            for name in (names or {}).values():
                lookup[name.casefold()] = country_id
            lookup[code] = country_id
        # the names legacy lists use most, in case Chinese is not installed
        for alias, code in COUNTRY_ALIASES.items():
            if code in lookup:
                lookup[alias] = lookup[code]
        return lookup

    def _user_lookup(self):
        """User by login, name or local name (赵伟 for Zhao Wei, set on the user).

        A name two users share finds neither (AMBIGUOUS): the row says so instead of guessing.
        """
        users = self.env["res.users"].search_fetch([("share", "=", False)], ["login", "name", "local_name"])
        by_name = {}
        for user in users:
            for name in (user.name, user.local_name):
                for key in {(name or "").casefold(), (name or "").replace(" ", "").casefold()} - {""}:
                    by_name.setdefault(key, set()).add(user.id)
        lookup = {key: ids.pop() if len(ids) == 1 else AMBIGUOUS for key, ids in by_name.items()}
        lookup.update({user.login.casefold(): user.id for user in users})
        return lookup

    def _validate_row(self, number, raw, mapping, countries, users):
        """One row to partner values, with every problem found in it (not just the first)."""

        def get(target):
            index = mapping.get(target)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        errors = []
        vals = {"is_company": True, "customer_rank": 1, "name": get("name")}
        if not vals["name"]:
            errors.append(_("the customer name is missing"))
        for target in ("street", "city", "website", "vat", "comment"):
            if get(target):
                vals[target] = get(target)
        email = get("email")
        if email:
            vals["email"] = email
            if not single_email_re.match(email):
                errors.append(_("%s is not an e-mail address", email))
        for target in ("phone", "mobile"):
            if get(target):
                vals[target] = get(target)
                if error := self._phone_error(get(target)):
                    errors.append(error)
        # (column, field, lookup table, message when the value is unknown)
        lookups = [
            ("country", "country_id", countries, _("unknown country %s")),
            ("investor_country", "investor_country_id", countries, _("unknown country %s")),
            ("customer_class", "customer_class", CLASS_VALUES, _("the class must be A, B or C, not %s")),
            ("trade_channel", "trade_channel", CHANNEL_VALUES, _("unknown trade channel %s")),
            ("salesperson", "user_id", users, _("no user %s")),
        ]
        for target, fname, table, message in lookups:
            text = get(target)
            if text:
                value = table.get(text.casefold()) or table.get(text.replace(" ", "").casefold())
                if value == AMBIGUOUS:
                    value = None
                    errors.append(_("several users are called %s: write the login", text))
                elif not value:
                    errors.append(message % text)
                vals[fname] = value
        contact = self._validate_card(get, vals, errors)
        return {"row": number, "name": vals["name"], "vals": vals, "contact": contact, "errors": errors}

    def _validate_card(self, get, vals, errors):
        """The row's name card as contact values, or None; without a contact name its numbers are the company's."""
        card = {
            fname: get(f"contact_{target}")
            for fname, target in (("name", "name"), ("function", "function"), ("phone", "phone"),
                                  ("mobile", "mobile"), ("email", "email"), ("wechat", "wechat"))
        }  # fmt: skip
        email = card["email"]
        if email and not single_email_re.match(email):
            errors.append(_("%s is not an e-mail address", email))
        for fname in ("phone", "mobile"):
            if card[fname] and (error := self._phone_error(card[fname])):
                errors.append(error)
        if not card["name"]:
            if card["function"]:
                errors.append(_("the job position %s has no contact name", card["function"]))
            for fname in ("phone", "mobile", "email", "wechat"):
                if card[fname] and not vals.get(fname):
                    vals[fname] = card[fname]
            return None
        contact = {k: v for k, v in card.items() if v}
        contact["type"] = "contact"
        return contact

    def _row_keys(self, vals, countries_by_id):
        """The duplicate-check keys of a row, computed as res.partner computes them."""
        keys = self.env["res.partner"]._collision_keys_from_values(
            name=vals.get("name"),
            vat=vals.get("vat"),
            email=vals.get("email"),
            phone=vals.get("phone") or vals.get("mobile"),
            website=vals.get("website"),
            country=countries_by_id.get(vals.get("country_id")),
        )
        return {k: v for k, v in keys.items() if v}

    def _existing_matches(self, rows):
        """{(field, key): partner id} for every key of the file, a few queries per 1,000 keys."""
        wanted = {}
        for row in rows:
            for fname, value in row["keys"].items():
                wanted.setdefault(fname, set()).add(value)
        found = {}
        Partner = self.env["res.partner"].with_context(active_test=False)
        for fname, values in wanted.items():
            values = list(values)
            for start in range(0, len(values), 1000):
                chunk = values[start : start + 1000]
                for partner in Partner.search_fetch([(fname, "in", chunk)], [fname, "commercial_partner_id"]):
                    found.setdefault((fname, partner[fname]), partner.commercial_partner_id.id)
        return found

    def _process(self, write):
        data_rows = self._read_rows()[1]
        mapping = self._mapping()
        countries, users = self._country_lookup(), self._user_lookup()
        countries_by_id = {c.id: c for c in self.env["res.country"].browse(set(countries.values()))}
        rows = []
        for offset, raw in enumerate(data_rows):
            row = self._validate_row(offset + 2, raw, mapping, countries, users)  # row 1 is the header
            row["keys"] = self._row_keys(row["vals"], countries_by_id)
            rows.append(row)
        existing = self._existing_matches(rows)
        seen = {}
        for row in rows:
            if row["errors"]:
                row.update(action="error", reason="; ".join(row["errors"]))
                continue
            twin = next((seen[(f, v)] for f, v in row["keys"].items() if (f, v) in seen), None)
            if twin:
                if row["contact"] and twin["action"] in ("create", "update"):
                    # one company, one row per name card
                    row.update(action="contact", twin=twin, reason=_("contact of the customer of row %s", twin["row"]))
                else:
                    row.update(action="skip", reason=_("same customer as row %s", twin["row"]))
                continue
            for fname, value in row["keys"].items():
                seen[(fname, value)] = row
            match = next((existing[(f, v)] for f, v in row["keys"].items() if (f, v) in existing), None)
            if match and self.duplicate_mode == "update":
                row.update(action="update", partner_id=match, reason=_("existing customer"))
            elif match:
                row.update(action="skip", partner_id=match, reason=_("already a customer"))
            else:
                row.update(action="create", reason="")
        self._plan_contacts(rows)
        if write:
            self._write_rows(rows)
        return rows

    def _plan_contacts(self, rows):
        """Each name card becomes a new contact of its company, or updates the contact already there."""
        card_rows = [r for r in rows if r["contact"] and r["action"] in ("create", "update", "contact")]
        company_ids = {(r.get("twin") or r).get("partner_id") for r in card_rows} - {None}
        known = {}  # company (partner id, or the row creating it) -> {name or e-mail: contact id or row}
        if company_ids:
            contacts = (
                self.env["res.partner"]
                .with_context(active_test=False)
                .search_fetch(
                    [("parent_id", "in", list(company_ids)), ("is_company", "=", False)], ["parent_id", "name", "email"]
                )
            )
            for contact in contacts:
                card = known.setdefault(contact.parent_id.id, {})
                for key in (contact.name, contact.email):
                    if key:
                        card.setdefault(key.strip().casefold(), contact.id)
        for row in card_rows:
            owner = row.get("twin") or row
            company = owner.get("partner_id") or ("row", owner["row"])
            card = known.setdefault(company, {})
            keys = [row["contact"][f].casefold() for f in ("name", "email") if row["contact"].get(f)]
            found = next((card[k] for k in keys if k in card), None)
            name = row["contact"]["name"]
            if isinstance(found, int):
                row.update(contact_action="update", contact_id=found)
                note = _("contact %s (existing, updated)", name)
            elif found:
                row["contact_action"] = None
                note = _("contact %(name)s already on row %(row)s", name=name, row=found["row"])
            else:
                row["contact_action"] = "create"
                note = _("contact %s (new)", name)
                for key in keys:
                    card[key] = row
            if row["action"] == "contact" and not row["contact_action"]:
                row["action"] = "skip"
            row["reason"] = "; ".join(filter(None, [row["reason"], note]))

    def _write_rows(self, rows):
        Partner = self.env["res.partner"]
        to_create = [r for r in rows if r["action"] == "create"]
        # the file was checked against itself and existing customers above
        Partner = Partner.with_context(crm_customer_import=True, mail_create_nolog=True, tracking_disable=True)
        for start in range(0, len(to_create), CREATE_BATCH):
            batch = to_create[start : start + CREATE_BATCH]
            created = Partner.sudo().create([self._clean_vals(r["vals"]) for r in batch])
            for row, partner in zip(batch, created, strict=True):
                row["partner_id"] = partner.id
            if len(to_create) > CREATE_BATCH:
                self._notify_progress(start + len(batch), len(to_create))
        for row in rows:
            if row["action"] == "update":
                vals = {k: v for k, v in self._clean_vals(row["vals"]).items() if v and k not in ("is_company",)}
                Partner.sudo().browse(row["partner_id"]).write(vals)
        new_contacts = []
        for row in rows:
            if row.get("contact_action") == "create":
                company_id = (row.get("twin") or row)["partner_id"]
                new_contacts.append(dict(row["contact"], parent_id=company_id, is_company=False))
            elif row.get("contact_action") == "update":
                vals = {k: v for k, v in row["contact"].items() if k not in ("name", "type")}
                Partner.sudo().browse(row["contact_id"]).write(vals)
        for start in range(0, len(new_contacts), CREATE_BATCH):
            Partner.sudo().create(new_contacts[start : start + CREATE_BATCH])

    def _notify_progress(self, done, total):
        """Tell the importing user how far a large import is, while it still runs.

        The notification goes through its own cursor, committed at once, so the
        browser shows it although the import itself commits only at the end.
        """
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            env.user.partner_id._bus_send(
                "simple_notification",
                {
                    "type": "info",
                    "title": _("Importing customers"),
                    "message": _("%(done)s of %(total)s customers written", done=done, total=total),
                },
            )

    @staticmethod
    def _clean_vals(vals):
        return {k: v for k, v in vals.items() if v not in (None, "")}

    def _store_results(self, rows, state):
        done = state == "done"
        labels = {
            "create": _("created") if done else _("to create"),
            "update": _("updated") if done else _("to update"),
            "contact": _("contact added") if done else _("contact to add"),
            "skip": _("skipped"),
            "error": _("error"),
        }
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("Row"), _("Customer"), _("Result"), _("Reason")])
        for row in rows:
            writer.writerow([row["row"], row["name"], labels[row["action"]], row.get("reason", "")])
        counts = {action: sum(1 for r in rows if r["action"] == action) for action in labels}
        preview = [r for r in rows if r["action"] in ("error", "skip", "update")][:200] or rows[:50]
        # Chinese breaks between any two characters: short columns must not wrap, the reason takes the rest
        html_rows = "".join(
            "<tr><td class='text-nowrap'>%s</td><td class='o_import_customer'>%s</td>"
            "<td class='text-nowrap'>%s</td><td>%s</td></tr>"
            % (r["row"], _escape(r["name"]), labels[r["action"]], _escape(r.get("reason", "")))
            for r in preview
        )
        self.write(
            {
                "state": state,
                "row_count": len(rows),
                "create_count": counts["create"],
                "update_count": counts["update"],
                "contact_count": sum(1 for r in rows if r.get("contact_action") == "create"),
                "skip_count": counts["skip"],
                "error_count": counts["error"],
                "result_file": base64.b64encode(out.getvalue().encode("utf-8-sig")),
                "result_filename": "import-result.csv",
                "preview_html": (
                    "<table class='table table-sm'><thead><tr><th class='text-nowrap'>%s</th>"
                    "<th class='text-nowrap' style='min-width: 12em'>%s</th><th class='text-nowrap'>%s</th>"
                    "<th class='w-50'>%s</th></tr></thead><tbody>%s</tbody></table>"
                )
                % (_("Row"), _("Customer"), _("Result"), _("Reason"), html_rows),
            }
        )


def _escape(text):
    from markupsafe import escape

    return escape(text or "")


TARGETS = [
    ("name", "Customer Name"),
    ("street", "Address"),
    ("city", "City"),
    ("country", "Country"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("website", "Website"),
    ("vat", "Tax ID"),
    ("customer_class", "Customer Class"),
    ("investor_country", "Investor Country/Region"),
    ("trade_channel", "Trade Channel"),
    ("salesperson", "Salesperson"),
    ("comment", "Notes"),
    ("contact_name", "Contact"),
    ("contact_function", "Job Position"),
    ("contact_phone", "Contact Phone"),
    ("contact_mobile", "Contact Mobile"),
    ("contact_email", "Contact Email"),
    ("contact_wechat", "WeChat"),
]


class CrmCustomerImportColumn(models.TransientModel):
    _name = "crm.customer.import.column"
    _description = "Import Legacy Customers: Column"
    _order = "sequence"

    import_id = fields.Many2one("crm.customer.import", required=True, ondelete="cascade")
    sequence = fields.Integer()
    header = fields.Char(readonly=True)
    target = fields.Selection(TARGETS, string="Import As")

    def target_label(self):
        return dict(self._fields["target"]._description_selection(self.env)).get(self.target, self.target)
