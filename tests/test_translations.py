"""Every user-visible term of the four modules has a right zh_CN translation.

The terms are regenerated from the code with Odoo's own exporter (the same one
`python3 tools/odoo_runner.py i18n` uses to update the .po files) and compared
with each module's i18n/zh_CN.po. The translations follow docs/glossary.md and
never take a word of docs/forbidden_translations.csv. A Chinese user reads OCA's
tier validation in Chinese, and what the modules write for Chinese staff on
confirmation and in their crons (step names, activities, notes) carries no
English source string, whatever language OdooBot reads.
"""

import csv
import io
import os
import re
from collections import defaultdict

import polib
import pytest

from conftest import ADDONS, MODULES, ROOT

# Terms written the same in Chinese: OCA's po-pretty-format empties a msgstr
# equal to its msgid, and Odoo then shows the source, which is right for these.
SAME_IN_CHINESE = {"ID"}


def exported_terms(env, module):
    from odoo.tools.translate import trans_export

    buf = io.BytesIO()
    trans_export(None, [module], buf, "po", env.cr)
    return {entry.msgid for entry in polib.pofile(buf.getvalue().decode()) if entry.msgid}


@pytest.mark.parametrize("module", MODULES)
def test_every_term_translated(env, module):
    path = os.path.join(ADDONS, module, "i18n", "zh_CN.po")
    assert os.path.exists(path), f"{module} has no i18n/zh_CN.po"
    po = polib.pofile(path)
    translated = {e.msgid for e in po if e.msgstr and not e.fuzzy and not e.obsolete}
    missing = sorted(exported_terms(env, module) - translated - SAME_IN_CHINESE)
    assert not missing, (
        f"{module}: {len(missing)} term(s) without zh_CN translation "
        f"(run `python3 tools/odoo_runner.py i18n {module}` then translate): {missing[:20]}"
    )


@pytest.mark.parametrize("module", MODULES)
def test_no_stale_terms(env, module):
    po = polib.pofile(os.path.join(ADDONS, module, "i18n", "zh_CN.po"))
    stale = sorted({e.msgid for e in po if not e.obsolete} - exported_terms(env, module))
    assert not stale, f"{module}: zh_CN.po holds terms the code no longer has: {stale[:20]}"


def test_translations_load_into_the_database(env):
    """The .po files parse and Odoo serves the Chinese text to a zh_CN user."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search([("name", "in", MODULES)])._update_translations(["zh_CN"])
    group = env.ref("crm_foreign_trade.group_general_manager").with_context(lang="zh_CN")
    assert group.name == "总经理"


# --- Forbidden translations and the glossary --------------------------------------------------
# docs/forbidden_translations.csv: english,forbidden,reason. `english` says which msgids a rule
# is about: the msgid itself (any case), `re:<regex>` for the msgids the regex finds, `*` for all.

DOCS = os.path.join(ROOT, "docs")
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def po_entries(module):
    po = polib.pofile(os.path.join(ADDONS, module, "i18n", "zh_CN.po"))
    return [e for e in po if e.msgid and e.msgstr and not e.obsolete]


def forbidden_rules():
    """(english, forbidden, reason) rows of docs/forbidden_translations.csv."""
    with open(os.path.join(DOCS, "forbidden_translations.csv"), encoding="utf-8", newline="") as f:
        return [(row["english"], row["forbidden"], row["reason"]) for row in csv.DictReader(f)]


def rule_applies(english, msgid):
    if english == "*":
        return True
    if english.startswith("re:"):
        return re.search(english[3:], msgid) is not None
    return msgid.lower() == english.lower()


def test_forbidden_translations_list_gives_a_word_and_a_reason_for_each_rule():
    with open(os.path.join(DOCS, "forbidden_translations.csv"), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == ["english", "forbidden", "reason"]
        rows = list(reader)
    assert rows, "the list is empty"
    for row in rows:
        assert len(row) == 3 and all(cell.strip() for cell in row), f"incomplete rule: {row}"
    for english, _forbidden, _reason in rows:
        if english.startswith("re:"):
            re.compile(english[3:])


@pytest.mark.parametrize("module", MODULES)
def test_no_forbidden_translation(module):
    rules = forbidden_rules()
    found = [
        f"{entry.msgid!r} -> {entry.msgstr!r}: {forbidden!r} ({reason})"
        for entry in po_entries(module)
        for english, forbidden, reason in rules
        if forbidden in entry.msgstr and rule_applies(english, entry.msgid)
    ]
    assert not found, f"{module}: forbidden translations (docs/forbidden_translations.csv):\n" + "\n".join(found)


@pytest.mark.parametrize("module", MODULES)
def test_translations_keep_the_placeholders_of_their_english(module):
    """A placeholder lost or renamed in Chinese breaks the message for every Chinese user."""
    broken = [
        f"{entry.msgid!r} -> {entry.msgstr!r}"
        for entry in po_entries(module)
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))
    ]
    assert not broken, f"{module}: translations whose placeholders differ from the English:\n" + "\n".join(broken)


# Glossary terms a msgid spells the same way while meaning something else.
GLOSSARY_HOMONYMS = {
    # the customer import reports a row whose customer is already in the database, not a repeat buyer
    "existing customer",
}


def glossary_terms():
    """{english term (lower case): zh_CN} from the tables of docs/glossary.md, one pair per cell part."""
    terms = {}
    with open(os.path.join(DOCS, "glossary.md"), encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("|") or len(cells) < 2 or set(cells[0]) <= set("-") or cells[0] == "English":
                continue
            english = [re.sub(r"\s*\(.*?\)", "", e).strip().lower() for e in cells[0].split(" / ")]
            chinese = [z.strip() for z in re.split(r" / |、", cells[1])]
            if len(english) == len(chinese):  # rows whose parts do not pair up are read by people only
                terms.update(zip(english, chinese, strict=True))
    return terms


def singular(word):
    for plural, single in (("ies", "y"), ("s", "")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    return word


@pytest.mark.parametrize("module", MODULES)
def test_glossary_terms_read_as_the_glossary_says(module):
    terms = glossary_terms()
    assert terms.get("opportunity") == "商机", "docs/glossary.md lost its core words"
    wrong = []
    for entry in po_entries(module):
        key = entry.msgid.strip().lower()
        if key in GLOSSARY_HOMONYMS:
            continue
        expected = terms.get(key) or terms.get(singular(key))
        if expected and entry.msgstr != expected:
            wrong.append(f"{entry.msgid!r} -> {entry.msgstr!r}, the glossary says {expected!r}")
    assert not wrong, f"{module}: glossary words translated otherwise:\n" + "\n".join(wrong)


# "(seed: 1)", "seed 001 §4.3": where a rule comes from belongs in comments, not in what users read
SOURCE_CITATION = re.compile(r"\(seed\b|\bseed:? ?\d|§")


@pytest.mark.parametrize("module", MODULES)
def test_user_visible_english_cites_no_source_document(env, module):
    cited = sorted(term for term in exported_terms(env, module) if SOURCE_CITATION.search(term))
    assert not cited, f"{module}: source-document citations in user-visible strings (fix the code): {cited}"


# --- OCA tier validation: what a Chinese user sees -------------------------------------------


def chinese_env(env):
    """The environment of a zh_CN user, with zh_CN loaded in the database if it was not."""
    lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "zh_CN")])
    if not lang.active:
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search([("state", "=", "installed")])._update_translations(["zh_CN"])
    return env(context=dict(env.context, lang="zh_CN"))


def squash(text):
    """Text as the user reads it: markup dropped, white space collapsed, none before punctuation."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    return re.sub(r"\s+([.!?,:;])", r"\1", re.sub(r"\s+", " ", text)).strip()


def visible_texts(arch):
    """Every text of a view a user can read: texts, tooltips, placeholders, confirmations."""
    from lxml import etree

    texts = set()
    for node in etree.fromstring(arch).iter():
        if not isinstance(node.tag, str):
            continue
        texts.add(squash("".join(node.itertext())))
        texts.update(squash(t) for t in (node.text, node.tail))
        texts.update(squash(node.get(attr)) for attr in ("string", "help", "placeholder", "title", "confirm"))
    return texts - {""}


def tier_view_terms():
    """The English texts of base_tier_validation's snippets added to every form with tiers."""
    from odoo.modules.module import get_module_path

    pot = polib.pofile(os.path.join(get_module_path("base_tier_validation"), "i18n", "base_tier_validation.pot"))
    snippets = ("tier_validation_buttons", "tier_validation_label", "tier_validation_reviews")
    return {
        squash(entry.msgid)
        for entry in pot
        for occurrence, _line in entry.occurrences
        if occurrence.startswith("model_terms:ir.ui.view,arch_db:base_tier_validation.")
        and occurrence.rsplit(".", 1)[1] in snippets
    }


@pytest.mark.parametrize("model", ["crm.credit.application", "sale.order"])
def test_tier_validation_buttons_and_banners_read_chinese(env, model):
    terms = tier_view_terms()
    assert {"Validate", "Reject", "Restart Validation", "This Record needs to be validated."} <= terms
    arch = chinese_env(env)[model].get_view(view_type="form")["arch"]
    english = sorted(terms & visible_texts(arch))
    assert not english, f"the {model} form shows a zh_CN user these tier validation texts in English: {english}"


TIER_MESSAGES = [
    "_get_to_validate_message",
    "_notify_created_review_body",
    "_notify_requested_review_body",
    "_notify_accepted_reviews_body",
    "_notify_rejected_review_body",
    "_notify_restarted_review_body",
]


@pytest.mark.parametrize("method", TIER_MESSAGES)
def test_tier_validation_messages_of_a_credit_application_read_chinese(env, method):
    customer = env["res.partner"].create({"name": "Tier Message Elektro GmbH", "is_company": True})
    application = env["crm.credit.application"].create(
        {"partner_id": customer.id, "requested_limit": 50000.0, "reason": "Three years of orders paid on time"}
    )
    chinese = getattr(application.with_env(chinese_env(env)), method)()
    english = getattr(application.with_context(lang="en_US"), method)()
    assert chinese != english and CJK.search(squash(chinese)), f"{method} says {chinese!r} to a zh_CN user"


# --- Records generated for Chinese readers carry no English source string -----------------------


class EnglishFinder:
    """Finds, in a generated text, a term of the four modules shown in English instead of Chinese."""

    def __init__(self):
        self.plain = {}
        self.patterns = []
        for module in MODULES:
            for entry in po_entries(module):
                # a term the reader sees as English: words left once its markup and placeholders are dropped
                # ("%(stage)s: %(measure)s" has none of its own, and would match any text with a colon)
                words = PLACEHOLDER.sub("", squash(entry.msgid))
                if entry.msgstr == entry.msgid or not re.search("[A-Za-z]{2}", words):
                    continue
                if PLACEHOLDER.search(entry.msgid):
                    parts = PLACEHOLDER.split(squash(entry.msgid))
                    self.patterns.append((entry.msgid, re.compile(".+?".join(map(re.escape, parts)) + "$")))
                else:
                    self.plain[squash(entry.msgid)] = entry.msgid

    def __call__(self, text):
        text = squash(text)
        found = [msgid for msgid, pattern in self.patterns if pattern.match(text)]
        # an English term inside a Chinese text, e.g. a selection label put in a translated sentence
        for run in re.split(r"[^\x00-\x7f]+", text):
            run = run.strip(" ()[]:;,.-–\"'")
            if run and run in self.plain:
                found.append(self.plain[run])
        return found


def test_records_the_modules_install_read_chinese(env):
    """Data records of the four modules (templates, steps, activity types, terms...) in Chinese."""
    env = chinese_env(env)
    find = EnglishFinder()
    ids_by_model = defaultdict(list)
    for data in env["ir.model.data"].search([("module", "in", MODULES), ("model", "not like", "ir.%")]):
        ids_by_model[data.model].append(data.res_id)
    english = []
    for model, ids in ids_by_model.items():
        records = env[model].browse(ids).exists()
        # the translatable texts: those a zh_CN user reads in Chinese (a record's own data, a visit report
        # named in its author's language, is the author's)
        texts = [
            name
            for name, field in records._fields.items()
            if field.store and field.translate and field.type in ("char", "text", "html")
        ]
        for record in records:
            for name in texts:
                if isinstance(record[name], str) and find(record[name]):
                    english.append(f"{model} {record.id} {name}: {record[name]!r}")
    assert ids_by_model, "the modules install data"
    assert not english, "records installed by the modules read English for a zh_CN user:\n" + "\n".join(english)


@pytest.fixture
def chinese_company(env):
    """An export company whose staff reads Chinese, every generating policy on, a class A customer.

    English is installed too, for the foreign buyers, and the administrator and OdooBot, who runs the
    crons, read English: what is written for the staff follows the staff's language, not theirs.
    """
    from odoo.tests.common import new_test_user

    env = chinese_env(env)(context={})  # generation must not rely on the caller's language
    company = env.company
    env["res.lang"]._activate_lang("en_US")
    (env.ref("base.user_root") | env.ref("base.user_admin")).write({"lang": "en_US"})
    env.registry.clear_cache()  # res.users.context_get() remembers the languages

    def user(login, name, groups):
        return new_test_user(
            env, login=login, name=name, groups=groups, lang="zh_CN", context={"mail_create_nolog": True}
        )

    staff = {
        "salesperson": user("i18n_sales", "Zhao Wei", "sales_team.group_sale_salesman"),
        "manager": user("i18n_manager", "Chen Meiling", "sales_team.group_sale_manager"),
        "general_manager": user("i18n_gm", "Huang Zhiqiang", "base.group_user,crm_foreign_trade.group_general_manager"),
        "clerk": user("i18n_clerk", "Sun Li", "base.group_user,crm_order_execution.group_execution_clerk"),
    }
    env["crm.team"].create(
        {"name": "出口一部", "user_id": staff["manager"].id, "member_ids": [(6, 0, staff["salesperson"].ids)]}
    )
    company.partner_id.lang = "zh_CN"
    company.write(
        {
            "visit_planning": True,
            "execution_checklists": True,
            "execution_default_clerk_id": staff["clerk"].id,
            "sales_manager_user_id": staff["manager"].id,
            "general_manager_user_id": staff["general_manager"].id,
            "credit_policy": False,
            "quotation_consistency": False,
        }
    )
    customer = env["res.partner"].create(
        {
            "name": "Nordlicht Elektro GmbH",
            "is_company": True,
            "lang": "en_US",  # a foreign buyer: what it receives may be English, what the staff reads not
            "customer_class": "a",
            "trade_channel": "direct_export",
            "user_id": staff["salesperson"].id,
        }
    )
    yield env, staff, customer
    # the languages written above are remembered by the registry's caches: forget them with the transaction
    env.registry.clear_cache()


def generated_since(env, activity_id, message_id, staff):
    """Texts written since the given ids for the Chinese staff: their activities and internal notes."""
    readers = {user.id for user in staff.values()}
    texts = []
    for activity in env["mail.activity"].search([("id", ">", activity_id)]):
        if activity.user_id.id in readers:
            label = f"activity for {activity.user_id.login} on {activity.res_model}"
            texts += [(label + " summary", activity.summary), (label + " note", activity.note)]
    note = env.ref("mail.mt_note")
    for message in env["mail.message"].search([("id", ">", message_id), ("subtype_id", "=", note.id)]):
        texts.append((f"internal note on {message.model}", message.body))
    return [(label, text) for label, text in texts if text]


def last_ids(env):
    return (
        env["mail.activity"].search([], order="id desc", limit=1).id or 0,
        env["mail.message"].search([], order="id desc", limit=1).id or 0,
    )


def english_in(texts):
    find = EnglishFinder()
    return [f"{label}: {squash(text)!r} shows {find(text)}" for label, text in texts if find(text)]


def test_visit_planning_cron_writes_chinese_for_chinese_visitors(chinese_company):
    env, staff, customer = chinese_company
    before = last_ids(env)

    env.ref("crm_foreign_trade.ir_cron_plan_visits").method_direct_trigger()

    plans = env["crm.visit.plan"].search([("partner_id", "=", customer.id)])
    assert plans.user_id >= staff["salesperson"], "the class A customer's visits are planned"
    # the calendar names each visit; every reader computes the name in their own language
    texts = [(f"visit plan {plan.id}", plan.display_name) for plan in plans.with_context(lang="zh_CN")]
    texts += generated_since(env, *before, staff)
    assert len(texts) > len(plans), "the visitors get activities"
    english = english_in(texts)
    assert not english, "the visit planning wrote English source strings for Chinese visitors:\n" + "\n".join(english)


def test_public_pool_cron_warns_chinese_owners_in_chinese(chinese_company):
    from datetime import timedelta

    env, staff, _customer = chinese_company
    env.company.write({"pool_enabled": True, "pool_days_a": 10, "pool_warning_days": 9})
    idle = env["res.partner"].create(
        {"name": "Idle Elektro GmbH", "is_company": True, "customer_class": "a", "customer_rank": 1,
         "user_id": staff["salesperson"].id}
    )  # fmt: skip
    idle.owner_since = env.cr.now() - timedelta(days=3)
    before = last_ids(env)

    # what the cron runs, as OdooBot; without its commits, inside the test's transaction
    root = env.ref("base.user_root")
    env["res.partner"].with_user(root).with_context(pool_cron_no_commit=True)._cron_public_pool()

    assert idle.pool_warning_date, "the owner of the idle customer is warned"
    texts = generated_since(env, *before, staff)
    assert texts, "the warning is an activity of the owner"
    english = english_in(texts)
    assert not english, "the public pool warned Chinese owners with English source strings:\n" + "\n".join(english)


def _order(env, staff, customer):
    from odoo import Command

    product = env["product.product"].create(
        {"name": "UL1015 18AWG", "list_price": 100.0, "taxes_id": [Command.clear()]}
    )
    return env["sale.order"].create(
        {
            "partner_id": customer.id,
            "user_id": staff["salesperson"].id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 10, "price_unit": 100.0})],
        }
    )


def checklist_as_read_in_chinese(steps):
    return [(f"step {step.sequence}", step.name) for step in steps.with_context(lang="zh_CN")]


def test_checklist_confirmed_by_a_chinese_salesperson_reads_chinese(chinese_company):
    env, staff, customer = chinese_company
    order = _order(env, staff, customer)
    before = last_ids(env)

    order.with_user(staff["salesperson"]).with_context(lang="zh_CN").action_confirm()

    steps = order.execution_step_ids
    assert steps, "the confirmed order gets its checklist"
    texts = checklist_as_read_in_chinese(steps) + generated_since(env, *before, staff)
    english = english_in(texts)
    assert not english, "the checklist shows English source strings to Chinese staff:\n" + "\n".join(english)


def test_checklist_of_an_order_the_foreign_customer_accepts_online_reads_chinese_for_the_staff(chinese_company):
    """The buyer signs the quotation in the portal in English: the clerk's activities stay Chinese."""
    env, staff, customer = chinese_company
    order = _order(env, staff, customer)
    before = last_ids(env)

    order.with_context(lang=customer.lang).action_confirm()

    assert order.execution_step_ids, "the confirmed order gets its checklist"
    texts = generated_since(env, *before, staff)
    assert texts, "the responsibles of the steps get activities"
    texts += checklist_as_read_in_chinese(order.execution_step_ids)
    english = english_in(texts)
    assert not english, "the staff's activities carry English source strings:\n" + "\n".join(english)


def test_execution_crons_write_chinese_for_chinese_staff(chinese_company):
    """Late steps, passed ETAs and L/C deadlines, as the crons find them, told in Chinese."""
    from datetime import timedelta

    env, staff, customer = chinese_company
    order = _order(env, staff, customer)
    order.with_user(staff["salesperson"]).with_context(lang="zh_CN").action_confirm()
    today = env.cr.now().date()
    order.execution_step_ids.write({"date_planned": today - timedelta(days=3)})
    order.write({"date_eta": today - timedelta(days=1), "date_etd": today - timedelta(days=20)})
    env["sale.letter.credit"].create(
        {
            "order_id": order.id,
            "name": "LC2026DE0415",
            "state": "received",
            "amount": order.amount_total,
            "currency_id": order.currency_id.id,
            "date_issue": today - timedelta(days=10),
            "latest_shipment_date": today + timedelta(days=1),
            "date_expiry": today + timedelta(days=2),
        }
    )
    before = last_ids(env)

    for cron in ("ir_cron_flag_late_steps", "ir_cron_alert_eta_passed", "ir_cron_warn_letter_credit"):
        env.ref(f"crm_order_execution.{cron}").method_direct_trigger()

    texts = generated_since(env, *before, staff)
    assert texts, "the crons tell somebody"
    english = english_in(texts)
    assert not english, "the execution crons wrote English source strings for Chinese staff:\n" + "\n".join(english)


# --- OCA financial risk: the partner form's Financial Risk page, as a Chinese accountant reads it --
# account_financial_risk's and sale_financial_risk's zh_CN.po leave their terms empty:
# crm_customer_scoring's i18n_extra/zh_CN.po gives them their Chinese.

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Fields whose help Odoo core's account/i18n/zh_CN.po gives its English as zh_CN: a database installed
# without --i18n-overwrite keeps that one (see the test after the page's).
TOOLTIPS_CORE_LEAVES_ENGLISH = {"credit_limit"}


def financial_risk_page(env):
    """(texts, field labels, help tooltips, selection labels) of the partner form's Financial Risk page."""
    from lxml import etree

    views = env["res.partner"].get_views([(False, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    pages = arch.xpath("//page[@name='financial_risk']")
    assert pages, "the partner form shows no Financial Risk page to the accountant"
    page = pages[0]
    fields = views["models"]["res.partner"]["fields"]
    names = {node.get("name") for node in page.iter("field")} | {node.get("for") for node in page.iter("label")}
    names = sorted(name for name in names if name in fields)
    texts = visible_texts(etree.tostring(page, encoding="unicode"))
    labels = {name: fields[name]["string"] for name in names}
    helps = {name: fields[name]["help"] for name in names if fields[name].get("help")}
    selections = {
        name: [label for _value, label in fields[name]["selection"]] for name in names if fields[name].get("selection")
    }
    return texts, labels, helps, selections


@pytest.fixture
def risk_accountant(env):
    from odoo.tests.common import new_test_user

    env = chinese_env(env)
    user = new_test_user(
        env,
        login="i18n_risk_accountant",
        name="Liu Fang",
        groups="account.group_account_invoice,account_financial_risk.group_account_financial_risk_user",
        lang="zh_CN",
    )
    yield user
    env.registry.clear_cache()


def test_financial_risk_page_of_the_partner_form_reads_chinese(env, risk_accountant):
    english_page = financial_risk_page(env(user=risk_accountant.id, context={"lang": "en_US"}))
    texts, labels, helps, selections = financial_risk_page(env(user=risk_accountant.id, context={"lang": "zh_CN"}))
    en_texts, en_labels, _en_helps, _en_selections = english_page

    # what the English page says, so that the assertions below really look at these words
    assert {"Financial Risk", "General Limits", "Specific Limits", "Info", "Risk Remaining"} <= en_texts
    assert {"Include Sales Orders", "Include Draft Invoices", "Total Risk", "Limit Sales Orders", "Credit Currency",
            "Credit Policy", "Risk Exception"} <= set(en_labels.values())  # fmt: skip

    assert "财务风险" in texts, "the page is not called 财务风险"
    assert labels["risk_sale_order_include"] == "包括销售订单"
    assert labels["risk_total"] == "总风险"
    assert labels["credit_limit"] == "信贷额度"
    english = sorted(text for text in texts if LATIN_WORD.search(text))
    english += [f"label of {name}: {label!r}" for name, label in labels.items() if LATIN_WORD.search(label)]
    english += [
        f"tooltip of {name}: {text!r}"
        for name, text in helps.items()
        if LATIN_WORD.search(text) and name not in TOOLTIPS_CORE_LEAVES_ENGLISH
    ]
    english += [
        f"option of {name}: {label!r}"
        for name, options in selections.items()
        for label in options
        if LATIN_WORD.search(label)
    ]
    assert not english, "the Financial Risk page shows a zh_CN accountant English texts:\n" + "\n".join(english)


def test_credit_limit_tooltip_reads_chinese_once_the_terms_are_reloaded_with_overwrite(env, risk_accountant):
    """Odoo core's account/i18n/zh_CN.po "translates" this help with its English text, and a translation a
    database already has wins over crm_customer_scoring's i18n_extra: it reads Chinese after
    `-u crm_customer_scoring --i18n-overwrite`, as done here inside the test's transaction."""
    env["ir.module.module"].search([("name", "=", "crm_customer_scoring")])._update_translations(
        ["zh_CN"], overwrite=True
    )
    env.invalidate_all()
    env.registry.clear_cache()
    _texts, _labels, helps, _selections = financial_risk_page(env(user=risk_accountant.id, context={"lang": "zh_CN"}))
    assert helps["credit_limit"] == "此合作伙伴专用的信贷额度。"


@pytest.mark.parametrize("module", MODULES)
def test_every_python_term_can_be_extracted(module):
    """Odoo's exporter reads `_()` calls with babel, which stops at the first argument it cannot evaluate (an
    f-string): the terms after it in that file would silently stay English."""
    from babel.messages.extract import extract_python

    broken = []
    for folder, _dirs, files in os.walk(os.path.join(ADDONS, module)):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, "rb") as source:
                    try:
                        list(extract_python(source, {"_": None, "_lt": None}, [], {}))
                    except Exception as error:  # noqa: BLE001 - any extraction error loses terms
                        broken.append(f"{os.path.relpath(path, ROOT)}: {error}")
    assert not broken, broken
