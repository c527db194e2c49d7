/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

// OCA base_tier_validation's review widget shows these terms, which its zh_CN.po leaves
// untranslated. The web client looks every term up in one table, whatever module says it,
// so saying them here gives them this module's translation.
import { _t } from "@web/core/l10n/translation";

export const tierReviewTerms = [_t("Todo by")];
