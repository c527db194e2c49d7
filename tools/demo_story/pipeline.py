"""The demo company's pipeline over two years (issue #16, part 2): what the salespeople did around the sales.

``build(env, rng, customers, today)`` gives the customer companies of the story (with class, channel,
salesperson) two full years of opportunities moving through the stages, with the stage history the funnel,
the process KPIs and the stage durations read; won and lost deals (lost reasons, competitors who won them,
one competitor taking share from one customer); quotations of the won deals; visits planned and done with
their reports (decision-maker meetings, complaints and price-cut requests logged as the churn signals read
them); sample requests (converted, charged, waived with approval); opportunity evaluations; weekly work
reports; satisfaction survey answers per customer and quarter (very satisfied, satisfied, and some below 60
with their follow-up activity).

Everything goes through the ORM in batches (lists of values, recordset writes), with two exceptions said where
they are: the stage history is written by this module rather than by the opportunity's own write (it must carry
the past dates of every movement, which the opportunity logs as "now"), and the creation dates, which the ORM
does not let anybody set, are put back two years by one UPDATE per table.

Content users read (visit findings, notes, opportunity names) is in Chinese, as the demo users work in Chinese.
Deterministic: the same ``rng`` seed and ``today`` give the same story.
"""

import logging
import time as time_module
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tools import SQL

_logger = logging.getLogger(__name__)
DAYS = 730
# the sales story's customer sliding into decline (tools/demo_story/__init__.py STORY_CUSTOMERS)
DECLINING_CUSTOMER = "crm_foreign_trade.partner_nordlicht"
# the families of the seed's cable maker (seed 001 §3.1)
FAMILIES = ["电源线", "延长线", "联接线", "电话线及配件", "影音线材", "橡胶电缆"]
PROJECTS = ["年度框架订单", "新机型配套", "样板转量产", "欧洲市场认证款", "日本PSE款", "替换现有供应商", "旺季备货"]
COMPETITORS = [
    ("东莞宏达线缆有限公司", "<p>价格比我们低 5–8 %，交期短。</p>", "<p>没有 VDE、PSE 认证，品质不稳定。</p>"),
    ("深圳永兴电线厂", "<p>离深圳客户近，送货快。</p>", "<p>产品线窄，只做电源线。</p>"),
    ("佛山立信电缆有限公司", "<p>橡胶电缆技术强，有 UL 认证。</p>", "<p>报价慢，样板要收费。</p>"),
]
LOST_REASONS = [
    ("Lead time too long", "交期太长"),
    ("Certification missing", "缺少认证"),
    ("Project cancelled", "客户项目取消"),
]
CONTACT_NAMES = ["王志明", "李淑芬", "张国华", "刘建平", "陈美玲", "杨立新", "黄伟强", "周晓红", "吴海燕", "郑振宇"]
VISIT_FINDINGS = [
    "<p>客户下季度排产稳定，确认继续采购我司电源线。</p>",
    "<p>客户新机型开发中，需要 VDE 认证的样板。</p>",
    "<p>客户对交期表示满意，希望增加安全库存。</p>",
    "<p>采购部换了新经理，重新介绍我司产品和认证。</p>",
    "<p>客户正在评估第二供应商，要求我们报最新价格。</p>",
]
COMPLAINTS = ["<p>上批货线长不一致，客户要求 8D 报告。</p>", "<p>插头外观有划痕，客户退回 2 箱。</p>"]
PRICE_CUT = "客户以铜价下跌为由要求降价"
WORK_SECTIONS = {
    "sales_data": "<p>本周接单 {orders} 张，重点跟进 {lead}。</p>",
    "market_dynamics": "<p>铜价本周{move}，客户观望情绪{mood}。</p>",
    "competitor_moves": "<p>{competitor} 在部分客户处降价抢单。</p>",
    "next_period_plan": "<p>下周拜访 {customer}，跟进样板反馈和报价。</p>",
}


def _at(day, hour=9):
    return datetime.combine(day, time(hour))


def build(env, rng, customers, today):
    """Build the pipeline story of `customers` up to `today`; return its facts (counts and story names)."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    customers = customers.filtered(lambda c: c.is_company and c.customer_class)
    if not customers:
        return {"opportunities": 0}
    story = _Story(env, rng, customers, today)
    return story.build()


class _Story:
    def __init__(self, env, rng, customers, today):
        self.env, self.rng, self.customers, self.today = env, rng, customers, today
        self.start = today - timedelta(days=DAYS)
        self.facts = {}
        stages = env["crm.stage"].search([], order="sequence, id")
        self.won_stage = stages.filtered("is_won")[:1]
        self.open_stages = stages.filtered(lambda s: not s.is_won and not s.team_id)[:3]
        self.fallback_user = env.ref("crm_foreign_trade.user_salesperson", raise_if_not_found=False) or env.user
        self.products = self._products()

    # ------------------------------------------------------------------
    def build(self):
        for part in (self._competitors_and_reasons, self._contacts, self._opportunities, self._quotations,
                     self._visits, self._samples, self._work_reports, self._satisfaction):  # fmt: skip
            started = time_module.monotonic()
            part()
            self.env.flush_all()
            _logger.info("demo story pipeline: %s in %.1f s", part.__name__, time_module.monotonic() - started)
        return self.facts

    def _products(self):
        """The cables the customers buy (the story's sales), else the demo's cable products."""
        lines = self.env["sale.order.line"].search_fetch(
            [("order_id.partner_id", "child_of", self.customers.ids), ("order_id.state", "=", "sale"),
             ("display_type", "=", False)], ["product_id"], limit=2000,
        )  # fmt: skip
        counts = defaultdict(int)
        for line in lines:
            counts[line.product_id] += 1
        products = [p for p, _n in sorted(counts.items(), key=lambda pc: (-pc[1], pc[0].id))][:12]
        for xmlid in ("crm_foreign_trade.product_vde_cord", "crm_foreign_trade.product_ul1015_wire"):
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if product and product not in products:
                products.append(product)
        return products

    def _user(self, customer):
        return customer.user_id or self.fallback_user

    def _weight(self, customer):
        return {"a": 5, "b": 2}.get(customer.customer_class, 1)

    # ------------------------------------------------------------------
    def _competitors_and_reasons(self):
        Competitor = self.env["crm.competitor"]
        existing = Competitor.search([])
        names = set(existing.mapped("name"))
        new = Competitor.create(
            [
                {"name": name, "strengths": strengths, "weaknesses": weaknesses}
                for name, strengths, weaknesses in COMPETITORS
                if name not in names
            ]
        )
        self.competitors = existing | new
        # the competitor of the story: it takes share from one customer over the two years
        self.share_taker = Competitor.search([("name", "=", COMPETITORS[0][0])], limit=1)
        Reason = self.env["crm.lost.reason"]
        reasons = Reason.search([])
        new_reasons = Reason.browse()
        for english, chinese in LOST_REASONS:
            if english not in reasons.mapped("name"):
                reason = Reason.create({"name": english})
                reason.update_field_translations("name", {"zh_CN": chinese})
                new_reasons |= reason
        self.reasons = reasons | new_reasons
        self.competition_reasons = self.reasons.filtered("is_competition")
        if not self.competition_reasons:
            self.competition_reasons = Reason.create({"name": "Lost to a cheaper competitor", "is_competition": True})
            self.reasons |= self.competition_reasons
        self.other_reasons = self.reasons - self.competition_reasons

    def _contacts(self):
        """A general manager (the decider of the decision trees) at the A and B customers without contacts."""
        Partner = self.env["res.partner"]
        children = Partner.search([("parent_id", "in", self.customers.ids), ("type", "=", "contact")])
        by_customer = defaultdict(lambda: Partner)
        for child in children:
            by_customer[child.parent_id.id] |= child
        vals = []
        for customer in self.customers.filtered(lambda c: c.customer_class in ("a", "b")):
            if not by_customer[customer.id]:
                name = self.rng.choice(CONTACT_NAMES)
                vals.append({"name": name, "parent_id": customer.id, "function": "总经理", "type": "contact"})
        for contact in Partner.create(vals):
            by_customer[contact.parent_id.id] |= contact
        self.contacts = by_customer

    # ------------------------------------------------------------------
    # Opportunities and their stage history
    # ------------------------------------------------------------------
    def _plan_opportunity(self, index, count):
        """One opportunity's life: its events [(datetime, kind, from stage, to stage)] up to today."""
        rng = self.rng
        new, qualified, proposition = (list(self.open_stages) + [self.open_stages[-1:]] * 3)[:3]
        offset = int(index * (DAYS - 3) / count) + rng.randint(0, 3)
        created = _at(self.start + timedelta(days=offset), rng.randint(8, 17))
        moment = created
        events = [(created, "stage", None, new)]
        fate = rng.random()
        # where it ends: won 35 %, lost at one of the stages 45 %, still open or forgotten 20 %
        path = [new, qualified, proposition]
        if fate < 0.35:
            outcome, last = "won", 2
        elif fate < 0.80:
            outcome, last = "lost", rng.choice([0, 1, 1, 2, 2, 2])
        else:
            outcome, last = "open", rng.choice([0, 1, 2])
            # an opportunity left open for months is closed lost at the quarterly pipeline review
            if created.date() < self.today - timedelta(days=150):
                outcome = "lost"
        stay = {0: (2, 12), 1: (5, 25), 2: (7, 40)}
        for position in range(1, last + 1):
            moment += timedelta(days=rng.randint(*stay[position - 1]), hours=rng.randint(0, 6))
            events.append((moment, "stage", path[position - 1], path[position]))
            # one opportunity in ten goes back to qualification once before the proposal
            if position == 2 and rng.random() < 0.1:
                moment += timedelta(days=rng.randint(3, 10))
                events.append((moment, "stage", proposition, qualified))
                moment += timedelta(days=rng.randint(5, 15))
                events.append((moment, "stage", qualified, proposition))
        stage = path[last]
        if outcome != "open":
            moment += timedelta(days=rng.randint(*stay[last]))
            events.append((moment, outcome, stage, self.won_stage if outcome == "won" else stage))
        return [event for event in events if event[0].date() < self.today]

    def _opportunities(self):
        rng, env = self.rng, self.env
        customers = list(self.customers)
        # the deals go to the customers who buy (the sales story's orders), those on record only get a few
        buying = {
            partner.commercial_partner_id.id
            for [partner] in env["sale.order"]._read_group(
                [("partner_id", "child_of", self.customers.ids), ("state", "=", "sale")], ["partner_id"]
            )
        }
        self.sales_story = bool(buying)
        weights = [self._weight(c) * (1 if c.id in buying or not buying else 0.15) for c in customers]
        count = min(800, 30 + 3 * len(customers))
        probability = {stage.id: p for stage, p in zip(self.open_stages, (10.0, 30.0, 60.0), strict=False)}
        revenue = {"a": (200, 1500), "b": (50, 400), "c": (10, 120)}
        plans, vals_list = [], []
        for index in range(count):
            customer = rng.choices(customers, weights)[0]
            user = self._user(customer)
            events = self._plan_opportunity(index, count)
            # created in the stage it was in before its close (an evaluation needs it open), closed below
            open_events = [e for e in events if e[1] == "stage"]
            closing = events[-1] if events[-1][1] in ("won", "lost") else None
            stage = open_events[-1][3]
            low, high = revenue.get(customer.customer_class, (10, 120))
            amount = rng.randint(low, high) * 1000.0
            family = rng.choice(FAMILIES)
            plans.append({"customer": customer, "events": events, "closing": closing, "amount": amount})
            vals_list.append(
                {
                    "name": f"{customer.name} · {family}{rng.choice(PROJECTS)}",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "team_id": user.sale_team_id.id,
                    "stage_id": stage.id,
                    "expected_revenue": amount,
                    "probability": probability.get(stage.id, 10.0),
                    "date_open": events[0][0],
                    "date_last_stage_update": open_events[-1][0],
                    "date_deadline": (events[-1][0] + timedelta(days=30)).date(),
                    "description": f"<p>客户需求：{family}，{rng.choice(PROJECTS)}。</p>",
                }
            )
        Lead = env["crm.lead"].with_context(crm_stage_log_disable=True)
        leads = Lead.create(vals_list)
        for plan, lead in zip(plans, leads, strict=True):
            plan["lead"] = lead
        self.plans = plans
        self._decision_contacts()
        self._lead_competitors()
        self._evaluations()
        self._close(Lead)
        self._stage_history()
        self._backdate("crm_lead", {p["lead"].id: p["events"][0][0] for p in plans})
        env.add_to_compute(Lead._fields["day_open"], leads)
        env.add_to_compute(Lead._fields["day_close"], leads)
        self._competitor_orders()
        won = [p for p in plans if p["closing"] and p["closing"][1] == "won"]
        lost = [p for p in plans if p["closing"] and p["closing"][1] == "lost"]
        self.facts.update(
            opportunities=len(leads),
            opportunities_won=len(won),
            opportunities_lost=len(lost),
            opportunities_open=len(plans) - len(won) - len(lost),
            lost_to_competitors=len([p for p in lost if p.get("competitor")]),
            stage_log_rows=sum(len(p["events"]) for p in plans),
        )

    def _decision_contacts(self):
        vals = []
        for plan in self.plans:
            contacts = self.contacts[plan["customer"].id]
            if not contacts or self.rng.random() < 0.4:
                continue
            attitude = self.rng.choice(["supporter", "neutral", "neutral", "opponent"])
            vals.append(
                {"lead_id": plan["lead"].id, "partner_id": contacts[-1].id, "buying_role": "decider",
                 "attitude": attitude, "influence": "high", "is_primary": True}
            )  # fmt: skip
        self.env["crm.decision.contact"].create(vals)

    def _lead_competitors(self):
        vals = []
        for plan in self.plans:
            closing = plan["closing"]
            lost_to_competitor = closing and closing[1] == "lost" and self.rng.random() < 0.55
            if lost_to_competitor or self.rng.random() < 0.3:
                competitor = self.rng.choice(self.competitors)
                if lost_to_competitor:
                    plan["competitor"] = competitor
                vals.append(
                    {"lead_id": plan["lead"].id, "competitor_id": competitor.id, "is_main": True,
                     "quoted_price": round(plan["amount"] * self.rng.uniform(0.85, 0.97), -2),
                     "notes": "报价低于我司"}
                )  # fmt: skip
        self.env["crm.lead.competitor"].create(vals)

    def _evaluations(self):
        """The salesperson's evaluation at qualification: better answers for the deals that were won."""
        template = self.env["crm.opportunity.evaluation.template"].search([], limit=1)
        if not template or not template.question_ids:
            self.facts["evaluations"] = 0
            return
        questions = [(q, q.answer_ids.sorted("score")) for q in template.question_ids if q.answer_ids]
        vals = []
        for plan in self.plans:
            qualified = [e for e in plan["events"] if e[1] == "stage" and e[3] == self.open_stages[1:2]]
            if not qualified or self.rng.random() < 0.3:
                continue
            outcome = plan["closing"][1] if plan["closing"] else "open"
            bias = {"won": 0.7, "lost": 0.3}.get(outcome, 0.5)
            lines = []
            for question, answers in questions:
                position = min(len(answers) - 1, max(0, int(self.rng.gauss(bias, 0.25) * len(answers))))
                lines.append(Command.create({"question_id": question.id, "answer_id": answers[position].id}))
            vals.append(
                {"lead_id": plan["lead"].id, "template_id": template.id, "line_ids": lines,
                 "date": qualified[0][0].date(), "user_id": plan["lead"].user_id.id}
            )  # fmt: skip
        self.env["crm.opportunity.evaluation"].create(vals)
        self.facts["evaluations"] = len(vals)

    def _close(self, Lead):
        """Won and lost together (one write per lost reason and competitor), then the day each was closed."""
        closed = [p for p in self.plans if p["closing"]]
        won = Lead.browse([p["lead"].id for p in closed if p["closing"][1] == "won"])
        won.write({"stage_id": self.won_stage.id, "probability": 100.0})
        lost = defaultdict(lambda: Lead)
        for plan in closed:
            if plan["closing"][1] == "lost":
                competitor = plan.get("competitor")
                reason = self.rng.choice(self.competition_reasons if competitor else self.other_reasons)
                lost[reason, competitor] |= plan["lead"]
        for (reason, competitor), leads in lost.items():
            leads.write(
                {"active": False, "probability": 0.0, "lost_reason_id": reason.id,
                 "won_by_competitor_id": competitor.id if competitor else False}
            )  # fmt: skip
        for plan in closed:
            plan["lead"].write({"date_closed": plan["closing"][0], "date_last_stage_update": plan["closing"][0]})

    def _stage_history(self):
        """The stage history at the dates the movements happened (the opportunity would log them as now)."""
        probability = {stage.id: p for stage, p in zip(self.open_stages, (10.0, 30.0, 60.0), strict=False)}
        vals = []
        for plan in self.plans:
            lead = plan["lead"]
            for moment, kind, stage_from, stage_to in plan["events"]:
                vals.append(
                    {
                        "lead_id": lead.id,
                        "date": moment,
                        "kind": kind,
                        "stage_from_id": stage_from.id if stage_from else False,
                        "stage_to_id": stage_to.id,
                        "expected_revenue": plan["amount"],
                        "probability": {"won": 100.0, "lost": 0.0}.get(kind, probability.get(stage_to.id, 10.0)),
                        "user_id": lead.user_id.id,
                        "team_id": lead.team_id.id,
                        "company_id": lead.company_id.id,
                    }
                )
        self.env["crm.lead.stage.log"].sudo().create(vals)

    def _backdate(self, table, dates):
        """Put the creation dates of `table`'s records ({id: datetime}) back where the story happened.

        The ORM sets create_date itself and ignores a given one; the KPIs count opportunities and
        quotations by it, so one UPDATE per table gives them their past (the table's name is ours).
        """
        if not dates:
            return
        model = {"crm_lead": "crm.lead", "sale_order": "sale.order"}[table]
        self.env[model].flush_model()
        values = SQL(", ").join(SQL("(%s, %s::timestamp)", rid, moment) for rid, moment in dates.items())
        self.env.cr.execute(
            SQL(
                "UPDATE %s AS t SET create_date = v.d FROM (VALUES %s) AS v(id, d) WHERE t.id = v.id",
                SQL.identifier(table),
                values,
            )
        )
        self.env[model].invalidate_model(["create_date"])

    def _competitor_orders(self):
        """What the competitors won: the lost deals, and one customer's orders moving to the story's competitor."""
        vals = []
        for plan in self.plans:
            competitor = plan.get("competitor")
            if competitor:
                lead = plan["lead"]
                vals.append(
                    {"partner_id": plan["customer"].id, "competitor_id": competitor.id, "lead_id": lead.id,
                     "amount": round(plan["amount"] * self.rng.uniform(0.85, 0.97), -2),
                     "lost_reason_id": lead.lost_reason_id.id, "source": "lost_deal", "user_id": lead.user_id.id,
                     "date": plan["closing"][0].date(), "description": lead.name, "notes": "对方报价更低"}
                )  # fmt: skip
        # the share story: a B (or A) customer gives the competitor a growing part of its orders, quarter by quarter
        victims = self.customers.filtered(lambda c: c.customer_class in ("a", "b")) or self.customers
        victim = victims.sorted("id")[len(victims) // 2]
        product_ids = [p.id for p in self.products[:2]]
        for quarter in range(8):
            day = self.start + timedelta(days=45 + quarter * 91)
            vals.append(
                {"partner_id": victim.id, "competitor_id": self.share_taker.id, "date": day,
                 "amount": 40000.0 * (quarter + 1), "source": "customer", "user_id": self._user(victim).id,
                 "description": f"{FAMILIES[0]}季度订单（第 {quarter + 1} 季）",
                 "product_ids": [Command.set(product_ids)]}
            )  # fmt: skip
        orders = self.env["crm.competitor.order"].create(vals)
        self.facts.update(competitor_orders=len(orders), share_lost_customer=victim.name,
                          share_taking_competitor=self.share_taker.name)  # fmt: skip

    # ------------------------------------------------------------------
    # Quotations of the deals
    # ------------------------------------------------------------------
    def _quotations(self):
        """Won deals: the customer's first order after the close in the sales story (no order is added to
        that story's sales, whose facts its own test checks); without a sales story, a new confirmed order.
        Open proposals: a quotation sent. Proposals lost: the quotation cancelled."""
        env, rng = self.env, self.rng
        Order = env["sale.order"]
        existing = Order.search(
            [("partner_id", "in", self.customers.ids), ("state", "=", "sale"), ("opportunity_id", "=", False)],
            order="date_order",
        )
        by_customer = defaultdict(list)
        for order in existing:
            by_customer[order.partner_id.id].append(order)
        linked, to_create, created_info = 0, [], []
        for plan in self.plans:
            closing, lead = plan["closing"], plan["lead"]
            in_proposal = any(e[3] == self.open_stages[2:3] for e in plan["events"] if e[1] == "stage")
            if closing and closing[1] == "won":
                close_day = closing[0]
                candidates = [o for o in by_customer[plan["customer"].id] if o.date_order >= close_day]
                if candidates:
                    order = candidates[0]
                    by_customer[plan["customer"].id].remove(order)
                    order.opportunity_id = lead
                    plan["order"] = order
                    linked += 1
                    continue
                if self.sales_story:
                    continue
                kind, moment = "sale", close_day
            elif in_proposal:
                moment = next(e[0] for e in plan["events"] if e[1] == "stage" and e[3] == self.open_stages[2:3])
                kind = "cancel" if closing else "sent"
            else:
                continue
            product = rng.choice(self.products)
            quantity = max(1, round(plan["amount"] / max(product.list_price, 1.0) / 10) * 10)
            to_create.append(
                {"partner_id": plan["customer"].id, "opportunity_id": lead.id, "user_id": lead.user_id.id,
                 "team_id": lead.team_id.id, "date_order": moment, "date_order_received": moment,
                 "client_order_ref": f"PO-{moment:%y%m}-{len(to_create) + 101}",
                 "price_conflict_reason": "按报价单价格",
                 "order_line": [Command.create({"product_id": product.id, "product_uom_qty": quantity})]}
            )  # fmt: skip
            created_info.append((plan, kind, moment))
        orders = Order.create(to_create)
        groups = defaultdict(lambda: Order)
        for order, (plan, kind, _moment) in zip(orders, created_info, strict=True):
            groups[kind] |= order
            plan["order"] = order
        groups["sent"].write({"state": "sent"})
        groups["cancel"]._action_cancel()
        if groups["sale"]:
            groups["sale"].action_confirm()
        for order, (_plan, _kind, moment) in zip(orders, created_info, strict=True):
            if order.state == "sale":
                order.date_order = moment
        self._backdate("sale_order", {o.id: m for o, (_p, _k, m) in zip(orders, created_info, strict=True)})
        self.facts.update(
            quotations_linked=linked,
            quotations_created=len(orders),
            quotations_confirmed=len(orders.filtered(lambda o: o.state == "sale")),
        )

    # ------------------------------------------------------------------
    # Visits
    # ------------------------------------------------------------------
    def _visits(self):
        """Visits over two years (A every six weeks, B each quarter, C twice a year), planned and reported."""
        env, rng = self.env, self.rng
        interval = {"a": 42, "b": 91, "c": 182}
        leads_by_customer = defaultdict(list)
        for plan in self.plans:
            leads_by_customer[plan["customer"].id].append(plan["lead"])
        deciders = {}
        for contact in env["crm.decision.contact"].search(
            [("lead_id", "in", [p["lead"].id for p in self.plans]), ("buying_role", "=", "decider")]
        ):
            deciders.setdefault(contact.lead_id.partner_id.commercial_partner_id.id, contact.partner_id)
        reports, visits = [], []
        for customer in self.customers:
            user = self._user(customer)
            step = interval.get(customer.customer_class, 182)
            day = self.start + timedelta(days=rng.randint(0, step))
            while day < self.today - timedelta(days=2):
                if day.weekday() >= 5:
                    day += timedelta(days=7 - day.weekday())
                missed = rng.random() < 0.12
                visits.append((customer, user, day, missed))
                if not missed:
                    decider = deciders.get(customer.id)
                    # the decider comes to one visit in four: the decision-maker meetings
                    met = decider if decider and rng.random() < 0.25 else env["res.partner"]
                    attendees = met or (self.contacts[customer.id] - (decider or env["res.partner"]))[:1]
                    leads = [lead for lead in leads_by_customer[customer.id] if lead.date_open.date() <= day]
                    reviewed = day < self.today - timedelta(days=14)
                    reports.append(
                        {"partner_id": customer.id, "user_id": user.id, "visitor_ids": [Command.set(user.ids)],
                         "attendee_ids": [Command.set(attendees.ids)], "visit_date": day,
                         "lead_id": leads[-1].id if leads else False,
                         "purpose": rng.choice(["例行拜访", "跟进报价", "新项目沟通", "样板反馈", "处理投诉"]),
                         "findings": rng.choice(VISIT_FINDINGS),
                         "customer_needs": f"<p>{rng.choice(FAMILIES)}需求，{rng.choice(PROJECTS)}。</p>",
                         "state": "reviewed" if reviewed else "submitted",
                         "review_comment": "收到，继续跟进。" if reviewed else False}
                    )  # fmt: skip
                day += timedelta(days=step + rng.randint(-7, 7))
        report_records = env["crm.visit.report"].create(reports)
        report_iter = iter(report_records)
        plan_vals = []
        for customer, user, day, missed in visits:
            report = False if missed else next(report_iter)
            plan_vals.append(
                {"partner_id": customer.id, "user_id": user.id, "salesperson_id": user.id,
                 "visitor_role": "salesperson", "customer_class": customer.customer_class,
                 "date_due": day, "state": "planned" if missed else "done", "report_id": report and report.id}
            )  # fmt: skip
        env["crm.visit.plan"].create(plan_vals)
        feedback = self._visit_feedback(report_records)
        self.facts.update(
            visit_reports=len(report_records),
            visits_planned=len(plan_vals),
            visits_missed=len([v for v in visits if v[3]]),
            decision_meetings=len(env["crm.sales.kpi.report"]._decision_meeting_visit_ids(report_records.ids)),
            **feedback,
        )

    def _visit_feedback(self, reports):
        """Complaints and price-cut requests heard on visits, as the churn signals count them; two customers
        hear the most of it lately (the churn signals fire for them)."""
        rng, vals = self.rng, []
        recent = self.today - timedelta(days=80)
        by_customer = reports.grouped("partner_id")
        # the customer the sales story slides into decline complains too (seed 001 §4.3.4), and one other
        declining = self.env.ref(DECLINING_CUSTOMER, raise_if_not_found=False)
        unhappy = [declining] if declining in by_customer else []
        unhappy += [c for c in sorted(by_customer, key=lambda c: (-len(by_customer[c]), c.id))[1:3] if c not in unhappy]
        unhappy = unhappy[:2]
        for report in reports:
            heard = report.partner_id in unhappy and report.visit_date >= recent
            if heard or rng.random() < 0.08:
                vals.append(
                    {"partner_id": report.partner_id.id, "date": report.visit_date, "kind": "complaint",
                     "description": rng.choice(COMPLAINTS)[3:-4], "user_id": report.user_id.id,
                     "source_document": f"crm.visit.report,{report.id}"}
                )  # fmt: skip
                report.complaints = vals[-1]["description"]
            if heard or rng.random() < 0.06:
                cut = rng.choice([3.0, 6.0, 8.0, 10.0])
                vals.append(
                    {"partner_id": report.partner_id.id, "date": report.visit_date, "kind": "price_cut",
                     "requested_cut_percent": cut, "description": f"{PRICE_CUT} {cut:.0f}%",
                     "user_id": report.user_id.id, "source_document": f"crm.visit.report,{report.id}"}
                )  # fmt: skip
        # the signals' rules count what was heard recently: the unhappy customers said it again on the phone
        for customer in unhappy:
            user = self._user(customer)
            vals.append(
                {"partner_id": customer.id, "date": self.today - timedelta(days=30), "kind": "complaint",
                 "description": COMPLAINTS[0][3:-4], "user_id": user.id}
            )  # fmt: skip
            for days in (20, 50):
                vals.append(
                    {"partner_id": customer.id, "date": self.today - timedelta(days=days), "kind": "price_cut",
                     "requested_cut_percent": 8.0, "description": f"{PRICE_CUT} 8%", "user_id": user.id}
                )  # fmt: skip
        feedback = self.env["crm.customer.feedback"].create(vals)
        return {
            "complaints": len(feedback.filtered(lambda f: f.kind == "complaint")),
            "price_cut_requests": len(feedback.filtered(lambda f: f.kind == "price_cut")),
            "unhappy_customers": [c.name for c in unhappy],
        }

    # ------------------------------------------------------------------
    # Samples
    # ------------------------------------------------------------------
    def _samples(self):
        """Samples before the won deals' orders (they convert), before lost deals, charged and waived ones."""
        env, rng = self.env, self.rng
        manager = env["res.users"].search([("login", "=", "chen.meiling")], limit=1) or env.user
        company = env.company
        vals = []
        for plan in self.plans:
            if rng.random() < 0.45 and not plan.get("order"):
                continue
            order, lead = plan.get("order"), plan["lead"]
            if order and order.state == "sale":
                product = order.order_line[:1].product_id
                sent = order.date_order.date() - timedelta(days=rng.randint(10, 40))
            else:
                product = rng.choice(self.products)
                sent = lead.date_open.date() + timedelta(days=rng.randint(3, 20))
            if sent >= self.today or not product:
                continue
            # most samples cost a little; some a lot (charged), some of those asked free and approved
            cost = rng.choice([120.0, 300.0, 450.0, 800.0, 1500.0, 2600.0, 6000.0])
            waiver = cost > company.sample_free_value and rng.random() < 0.35
            state = "feedback" if sent < self.today - timedelta(days=20) else "sent"
            vals.append(
                {"partner_id": plan["customer"].id, "lead_id": lead.id, "user_id": lead.user_id.id,
                 "line_ids": [Command.create({"product_id": product.id, "quantity": rng.choice([5, 10, 20, 50]),
                                              "unit_cost": cost / 10, "description": "按客户图纸打样"})],
                 "free_requested": waiver, "approved_by_id": manager.id if waiver else self._user(plan["customer"]).id,
                 "state": state, "sent_date": sent,
                 "feedback": "客户测试通过，准备下单。" if state == "feedback" else False}
            )  # fmt: skip
        Sample = env["crm.sample.request"]
        samples = Sample.create(vals)
        Sample._update_conversions()
        self.facts.update(
            samples=len(samples),
            samples_converted=len(samples.filtered("converted")),
            samples_charged=len(samples.filtered(lambda s: not s.is_free)),
            samples_waived=len(samples.filtered(lambda s: s.free_requested and s.fee_policy == "charge")),
        )

    # ------------------------------------------------------------------
    # Work reports
    # ------------------------------------------------------------------
    def _work_reports(self):
        """Each salesperson's monthly reports over the two years and weekly ones of the last weeks: reviewed,
        a few late, the latest still to write. Created month by month (each batch gathers its period's facts)."""
        env, rng = self.env, self.rng
        users = self.customers.mapped("user_id") or self.fallback_user
        reviewer = env["res.users"].search([("login", "=", "chen.meiling")], limit=1) or env.user
        existing = {
            (r.user_id.id, r.period, r.date_from) for r in env["crm.work.report"].search([("user_id", "in", users.ids)])
        }
        customer_names = self.customers.mapped("name")
        periods = []
        month = self.start.replace(day=1)
        while month < self.today.replace(day=1):
            periods.append(("monthly", month, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)))
            month = (month + timedelta(days=32)).replace(day=1)
        monday = self.today - timedelta(days=self.today.weekday() + 42)
        while monday < self.today - timedelta(days=6):
            periods.append(("weekly", monday, monday + timedelta(days=6)))
            monday += timedelta(days=7)
        batches = defaultdict(list)
        for period, date_from, date_to in periods:
            for user in users:
                if (user.id, period, date_from) in existing:
                    continue
                late = rng.random() < 0.1
                recent = date_to >= self.today - timedelta(days=14)
                submitted = date_to + timedelta(days=rng.randint(3, 6) if late else rng.randint(0, 1))
                sections = {
                    name: text.format(orders=rng.randint(2, 12), lead=rng.choice(PROJECTS),
                                      move=rng.choice(["上涨", "下跌", "持平"]), mood=rng.choice(["加重", "缓和"]),
                                      competitor=rng.choice(self.competitors).name,
                                      customer=rng.choice(customer_names))
                    for name, text in WORK_SECTIONS.items()
                }  # fmt: skip
                draft = recent and rng.random() < 0.5
                batches[period, date_from.replace(day=1)].append(
                    dict(sections, user_id=user.id, period=period, date_from=date_from,
                         state="draft" if draft else "submitted" if recent else "reviewed",
                         submitted_date=False if draft else submitted, submitted_late=late and not draft,
                         reviewer_id=False if recent else reviewer.id,
                         review_date=False if recent else submitted + timedelta(days=1),
                         review_comment=False if recent else "已阅，注意跟进重点客户。")
                )  # fmt: skip
        reports = env["crm.work.report"]
        for key in sorted(batches):
            reports |= reports.create(batches[key])
        self.facts.update(work_reports=len(reports), work_reports_late=len(reports.filtered("submitted_late")))

    # ------------------------------------------------------------------
    # Satisfaction
    # ------------------------------------------------------------------
    def _satisfaction(self):
        """Answers of the satisfaction survey per customer and quarter (the last four quarters for A, two for
        B, the last one for some C), completed in the quarter: most satisfied, some very, some below 60."""
        env, rng = self.env, self.rng
        survey = env.ref("crm_customer_scoring.survey_customer_satisfaction", raise_if_not_found=False)
        if not survey:
            return
        questions = [q for q in survey.question_ids if q.question_type == "simple_choice"]
        answers = {q: q.suggested_answer_ids.sorted("answer_score") for q in questions}
        ordered = self.customers.sorted("id")
        moods = {}
        for position, customer in enumerate(ordered):
            # every seventh customer dissatisfied, every fourth very satisfied, the others satisfied
            moods[customer] = "low" if position % 7 == 3 else "high" if position % 4 == 0 else "mid"
        for name in self.facts.get("unhappy_customers", []):
            for customer in ordered.filtered(lambda c, n=name: c.name == n):
                moods[customer] = "low"
        quarter_start = self.today.replace(month=(self.today.month - 1) // 3 * 3 + 1, day=1)
        quarters = []
        day = quarter_start
        for _i in range(4):
            day = (day - timedelta(days=1)).replace(day=1)
            day = day.replace(month=(day.month - 1) // 3 * 3 + 1)
            quarters.append(day)
        vals = []
        for customer in ordered:
            if customer.customer_class not in ("a", "b") and rng.random() < 0.7:
                continue
            contact = self.contacts[customer.id][:1] or customer
            periods = quarters[: {"a": 4, "b": 2}.get(customer.customer_class, 1)]
            for start in periods:
                mood = moods[customer]
                lines = []
                for question, choices in answers.items():
                    index = {"high": rng.choice([3, 4, 4, 4]), "mid": rng.choice([2, 3, 3, 3, 4]),
                             "low": rng.choice([0, 1, 1, 2, 3])}[mood]  # fmt: skip
                    choice = choices[min(index, len(choices) - 1)]
                    lines.append(
                        Command.create({"question_id": question.id, "answer_type": "suggestion",
                                        "suggested_answer_id": choice.id})
                    )  # fmt: skip
                done = _at(start + timedelta(days=rng.randint(20, 70)), rng.randint(9, 17))
                vals.append(
                    {"survey_id": survey.id, "partner_id": contact.id, "state": "done",
                     "end_datetime": done, "user_input_line_ids": lines}
                )  # fmt: skip
        answers_done = env["survey.user_input"].create(vals)
        rows = env["crm.customer.satisfaction"].search([("partner_id", "in", self.customers.ids)])
        bands = defaultdict(int)
        for row in rows:
            bands[row.band] += 1
        self.facts.update(
            satisfaction_answers=len(answers_done),
            satisfaction_rows=len(rows),
            satisfaction_bands=dict(bands),
            dissatisfied_follow_ups=len(rows.filtered("activity_id")),
        )
