# Foreign Trade CRM for Odoo 18 - developer commands (see README.md).
PYTHON ?= python3
RUNNER = $(PYTHON) tools/odoo_runner.py
BENCH_SCALE ?= full
# make generate: a database at benchmark scale (tools/generate_scale.py)
GEN_DB ?= crm_ft_scale
CUSTOMERS ?= 20000
YEARS ?= 2
ORDERS_PER_CUSTOMER ?= 5
LINES_PER_ORDER ?= 5
OPPORTUNITIES ?= 100000
SEED ?= 1

.PHONY: demo test test-compat bench generate lint stop clean

demo:          ## serve a demo database on http://localhost:8069
	$(RUNNER) demo

test:          ## fresh database, every module test, tests/ (lint included)
	$(RUNNER) test

test-compat:   ## Odoo's own crm/sale/sale_crm/sale_management tests with our modules
	$(RUNNER) test-compat

bench:         ## every benchmark at full scale (BENCH_SCALE=small: quick), one table in bench/
	$(RUNNER) bench --scale $(BENCH_SCALE)

generate:      ## a database at benchmark scale (GEN_DB, CUSTOMERS, YEARS, ORDERS_PER_CUSTOMER, LINES_PER_ORDER, OPPORTUNITIES, SEED)
	$(RUNNER) generate --db $(GEN_DB) --customers $(CUSTOMERS) --years $(YEARS) \
		--orders-per-customer $(ORDERS_PER_CUSTOMER) --lines-per-order $(LINES_PER_ORDER) \
		--opportunities $(OPPORTUNITIES) --seed $(SEED)

lint:          ## ruff + pylint-odoo with OCA's rules
	$(PYTHON) -m ruff check addons tests tools
	$(PYTHON) -m ruff format --check addons tests tools
	$(PYTHON) -m pylint --rcfile=.pylintrc addons/crm_foreign_trade addons/crm_customer_scoring addons/crm_competitor addons/crm_order_execution

stop:          ## stop the project's PostgreSQL cluster
	$(RUNNER) stop

clean:         ## stop and remove the cluster, filestore and logs
	$(RUNNER) clean
