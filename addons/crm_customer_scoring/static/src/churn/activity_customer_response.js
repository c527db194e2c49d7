/** @odoo-module **/
// Copyright 2026 Foreign Trade CRM Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

// The chatter's "Mark Done" popover asks how the customer responded (answered, no answer, refused):
// refused or unanswered contacts warn of churn. The response is saved on the activity before it is
// marked done, which keeps it (models/mail_activity_response.py).
import { useState } from "@odoo/owl";
import { ActivityMarkAsDone } from "@mail/core/web/activity_markasdone_popover";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

// documents of a customer: the response counts for the customer company
const CUSTOMER_MODELS = ["res.partner", "crm.lead", "sale.order", "crm.visit.report"];

patch(ActivityMarkAsDone.prototype, {
    setup() {
        super.setup();
        this.customerResponse = useState({ value: "" });
    },
    get asksCustomerResponse() {
        return CUSTOMER_MODELS.includes(this.props.activity.res_model);
    },
    get customerResponses() {
        return [
            ["answered", _t("Answered")],
            ["no_answer", _t("No Answer")],
            ["refused", _t("Refused")],
        ];
    },
    async saveCustomerResponse() {
        if (this.customerResponse.value) {
            await this.env.services.orm.write("mail.activity", [this.props.activity.id], {
                customer_response: this.customerResponse.value,
            });
        }
    },
    async onClickDone() {
        await this.saveCustomerResponse();
        return super.onClickDone(...arguments);
    },
    async onClickDoneAndScheduleNext() {
        await this.saveCustomerResponse();
        return super.onClickDoneAndScheduleNext(...arguments);
    },
});
