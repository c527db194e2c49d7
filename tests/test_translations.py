"""Every user-visible term of the four modules has a zh_CN translation.

The terms are regenerated from the code with Odoo's own exporter (the same one
`python3 tools/odoo_runner.py i18n` uses to update the .po files) and compared
with each module's i18n/zh_CN.po.
"""

import io
import os

import polib
import pytest

from conftest import ADDONS, MODULES

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
