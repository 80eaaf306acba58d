# joint_meeting: two commands do all set-up on a fresh Debian/Ubuntu machine.
#   make run   Odoo with the module and the Renhe demo data at http://localhost:8069
#   make test  the whole test suite (pytest-odoo), the linters and the i18n checks
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

HERE      := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
CACHE     ?= $(HOME)/.cache/joint_meeting
# The Odoo series this add-on targets: the source folder, the download and the
# Debian dependencies (scripts/setup.sh) follow it.
ODOO_SERIES ?= 19.0
ODOO_SRC  ?= $(CACHE)/odoo-$(ODOO_SERIES)
VENV      ?= $(CACHE)/venv
PY        := $(VENV)/bin/python
DB        ?= joint_meeting
TEST_DB   ?= joint_meeting_test
PORT      ?= 8069
BUILD     := $(HERE)/.build
# The module is served from a folder named joint_meeting whatever this clone is
# called: a symlink for `make run`, a copy for the tests (pytest resolves
# symlinks and would import the module under the clone's folder name).
RUN_ADDONS  := $(BUILD)/run-addons
TEST_ADDONS := $(CACHE)/test-addons-$(TEST_DB)
DATA_DIR  := $(CACHE)/data
comma := ,
ODOO_ADDONS := $(ODOO_SRC)/odoo/addons$(if $(wildcard $(ODOO_SRC)/addons/mail),$(comma)$(ODOO_SRC)/addons,)
ODOO      = PYTHONPATH=$(ODOO_SRC) $(PY) $(ODOO_SRC)/odoo-bin --data-dir=$(DATA_DIR) --db-filter='^$(1)$$' -d $(1)
PYTEST_ARGS ?=
# Since 19.0 a new database gets no demo data unless asked (--with-demo does
# not exist before 19.0, where demo data is loaded by default).
WITH_DEMO := $(if $(filter 16.0 17.0 18.0,$(ODOO_SERIES)),,--with-demo)

# $(call I18N_EXPORT,database,file.pot): the add-on's terms. Since 19.0 an
# "i18n export" command (options from a configuration file) replaces
# --i18n-export/--modules.
ifeq ($(filter 16.0 17.0 18.0,$(ODOO_SERIES)),)
I18N_EXPORT = mkdir -p $(BUILD) && printf '[options]\naddons_path = %s\ndata_dir = %s\nlog_level = warn\n' \
  '$(ODOO_ADDONS),$(TEST_ADDONS)' '$(DATA_DIR)' >$(BUILD)/i18n-$(1).conf && \
  PYTHONPATH=$(ODOO_SRC) $(PY) $(ODOO_SRC)/odoo-bin i18n export -c $(BUILD)/i18n-$(1).conf -d $(1) \
  -o $(2) joint_meeting
else
I18N_EXPORT = $(call ODOO,$(1)) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --log-level=warn \
  --i18n-export=$(2) --modules=joint_meeting --stop-after-init --http-port=0
endif
# The port of the HTTP server of Odoo's own runner (tours, JSON-RPC tests).
TEST_HTTP_PORT ?= 8069
# The .pot exported from the test database equals the committed one (the header
# dates aside); zh_CN.po translates every entry.
I18N_CHECK = echo "[i18n] checking i18n/joint_meeting.pot and i18n/zh_CN.po" && \
  $(call I18N_EXPORT,$(TEST_DB),$(BUILD)/joint_meeting.pot) && \
  { diff <(grep -v -E '^"(POT-Creation-Date|PO-Revision-Date)' $(BUILD)/joint_meeting.pot) \
      <(grep -v -E '^"(POT-Creation-Date|PO-Revision-Date)' $(HERE)/i18n/joint_meeting.pot) >/dev/null \
    || { echo "[i18n] i18n/joint_meeting.pot is out of date: run make i18n"; exit 1; }; } && \
  msgcmp --use-untranslated $(HERE)/i18n/zh_CN.po $(HERE)/i18n/joint_meeting.pot && \
  stats=$$(msgfmt --check --statistics -o /dev/null $(HERE)/i18n/zh_CN.po 2>&1) && echo "[i18n] zh_CN.po: $$stats" && \
  if echo "$$stats" | grep -qE 'untranslated|fuzzy'; then echo "[i18n] zh_CN.po is incomplete"; exit 1; fi

export PYTHONDONTWRITEBYTECODE := 1
export ODOO_SERIES ODOO_SRC
export CHROME_BIN := /usr/bin/chromium

.PHONY: help setup run reset shell test test-odoo quicktest test-copy test-db lint i18n i18n-check bench load-pdf clean

help:
	@echo "make run    - Odoo with joint_meeting and the Renhe demo at http://localhost:$(PORT)"
	@echo "make test   - tests (pytest-odoo), linters and i18n checks on a fresh database"
	@echo "make test-odoo - the same tests under Odoo's own runner (odoo-bin --test-tags), as OCA's CI runs them"
	@echo "make lint   - ruff and pylint-odoo"
	@echo "make i18n   - export i18n/joint_meeting.pot and merge it into i18n/zh_CN.po"
	@echo "make shell  - odoo shell on the run database"
	@echo "make reset  - drop the run database"
	@echo "make bench  - benchmark of a twenty-year history (not part of make test)"
	@echo "make load     - a city under load and faults: primary + replica, workers, Locust (bench/load)"
	@echo "make load-pdf - 4 PDFs and 8 issuers at once on a --workers=2 server"

setup:
	@bash $(HERE)/scripts/setup.sh

$(RUN_ADDONS)/joint_meeting:
	@mkdir -p $(RUN_ADDONS)
	@ln -sfn $(HERE) $(RUN_ADDONS)/joint_meeting

define db_exists
psql -h /var/run/postgresql -d postgres -tAc "select 1 from pg_database where datname='$(1)'" | grep -q 1
endef

run: setup $(RUN_ADDONS)/joint_meeting
	@if ! $(call db_exists,$(DB)); then \
	  echo "[run] creating database $(DB) with joint_meeting, demo data and zh_CN"; \
	  $(call ODOO,$(DB)) --addons-path=$(ODOO_ADDONS),$(RUN_ADDONS) -i joint_meeting $(WITH_DEMO) \
	    --load-language=zh_CN --stop-after-init --log-level=warn; \
	fi
	@echo "[run] serving http://localhost:$(PORT) (admin/admin, demo logins in README.md)"
	$(call ODOO,$(DB)) --addons-path=$(ODOO_ADDONS),$(RUN_ADDONS) --http-port=$(PORT) $(ODOO_ARGS)

reset: setup
	@dropdb -h /var/run/postgresql --if-exists $(DB)
	@rm -rf $(DATA_DIR)/filestore/$(DB)
	@echo "[reset] dropped $(DB)"

# odoo-bin takes its command as the first argument (19.0 no longer finds it after options).
shell: setup $(RUN_ADDONS)/joint_meeting
	PYTHONPATH=$(ODOO_SRC) $(PY) $(ODOO_SRC)/odoo-bin shell --addons-path=$(ODOO_ADDONS),$(RUN_ADDONS) \
	  --data-dir=$(DATA_DIR) -d $(DB) --no-http

# A copy of the module under its real name, refreshed on every run.
test-copy:
	@rm -rf $(TEST_ADDONS)/joint_meeting && mkdir -p $(TEST_ADDONS)/joint_meeting $(BUILD)
	@tar -C $(HERE) --exclude=./.git --exclude=./.build --exclude=./.venv --exclude=__pycache__ \
	  --exclude=.pytest_cache --exclude=.ruff_cache -cf - . | tar -C $(TEST_ADDONS)/joint_meeting -xf -

test-db: setup test-copy
	@dropdb -h /var/run/postgresql --if-exists $(TEST_DB)
	@rm -rf $(DATA_DIR)/filestore/$(TEST_DB)
	@echo "[test] installing joint_meeting with demo data into $(TEST_DB)"
	@$(call ODOO,$(TEST_DB)) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) -i joint_meeting $(WITH_DEMO) \
	  --load-language=zh_CN --stop-after-init --log-level=warn --http-port=0 2>&1 \
	  | tee $(BUILD)/install-$(TEST_DB).log
	@! grep -E '( ERROR | CRITICAL )' $(BUILD)/install-$(TEST_DB).log

# The install and the linters at once (one core each), then the i18n check,
# then the suite in two shards at once (scripts/pytest_shards.sh).
test: setup
	@$(MAKE) --no-print-directory -j2 test-db lint
	@$(I18N_CHECK)
	@echo "[test] pytest-odoo on $(TEST_DB), in two shards"
	@VENV=$(VENV) bash $(HERE)/scripts/pytest_shards.sh $(TEST_ADDONS) $(TEST_DB) $(DATA_DIR) \
	  $(ODOO_ADDONS) $(BUILD) $(PYTEST_ARGS)

# The suite under Odoo's own runner, as OCA's CI runs it: a fresh database, the
# module installed with its demo data, every test tagged /joint_meeting. Not part
# of `make test` (its time budget). Fails on any failed or erroneous test, on
# Odoo's summary line, and when no test ran.
test-odoo: setup test-copy
	@dropdb -h /var/run/postgresql --if-exists $(TEST_DB)
	@rm -rf $(DATA_DIR)/filestore/$(TEST_DB)
	@mkdir -p $(BUILD)
	@echo "[test-odoo] odoo-bin -i joint_meeting --test-enable --test-tags /joint_meeting on $(TEST_DB)"
	@echo "[test-odoo] log: $(BUILD)/odoo-tests-$(TEST_DB).log"
	@set +e; start=$$(date +%s); log=$(BUILD)/odoo-tests-$(TEST_DB).log; \
	cd $(TEST_ADDONS) && $(call ODOO,$(TEST_DB)) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) \
	  -i joint_meeting --test-enable --test-tags /joint_meeting --stop-after-init \
	  --http-port=$(TEST_HTTP_PORT) >$$log 2>&1; \
	status=$$?; \
	summary=$$(grep -E 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' $$log | tail -1); \
	grep -E ' (ERROR|CRITICAL) .*(FAIL|ERROR):' $$log | sed 's/^[^ ]* [^ ]* [0-9]* //'; \
	echo "[test-odoo] $${summary#*odoo.tests.result: } in $$(( $$(date +%s) - start )) s"; \
	if [ $$status -ne 0 ] || [ -z "$$summary" ] \
	   || ! echo "$$summary" | grep -qE ': 0 failed, 0 error\(s\) of [1-9]' \
	   || grep -qE ' (ERROR|CRITICAL) ' $$log; then \
	  echo "[test-odoo] FAILED (exit $$status): see $$log"; exit 1; \
	fi

# Only the tests, on a fresh test database: for work in progress, not for CI.
quicktest: test-db
	@cd $(TEST_ADDONS) && PYTHONPATH=$(ODOO_SRC) $(VENV)/bin/pytest -p no:cacheprovider \
	  --odoo-database=$(TEST_DB) --odoo-addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) \
	  --odoo-http --odoo-log-level=warn --odoo-extra=data-dir=$(DATA_DIR) \
	  -r fEsx $(PYTEST_ARGS) joint_meeting/tests

lint: setup test-copy
	@echo "[lint] ruff"
	@$(VENV)/bin/ruff check $(HERE)
	@$(VENV)/bin/ruff format --check $(HERE)
	@echo "[lint] pylint-odoo"
	@cd $(TEST_ADDONS) && PYTHONPATH=$(ODOO_SRC) $(VENV)/bin/pylint --rcfile=$(HERE)/.pylintrc \
	  joint_meeting

# Export the .pot from the test database and compare it with the committed one
# (the header dates aside); zh_CN.po must translate every entry.
i18n-check: test-db
	@$(I18N_CHECK)

i18n: test-db
	@$(call I18N_EXPORT,$(TEST_DB),$(HERE)/i18n/joint_meeting.pot)
	@if [ -f $(HERE)/i18n/zh_CN.po ]; then \
	  msgmerge --quiet --no-fuzzy-matching --update --backup=none $(HERE)/i18n/zh_CN.po $(HERE)/i18n/joint_meeting.pot; \
	else msginit --no-translator -l zh_CN -i $(HERE)/i18n/joint_meeting.pot -o $(HERE)/i18n/zh_CN.po; fi
	@msgfmt --statistics -o /dev/null $(HERE)/i18n/zh_CN.po

bench: setup
	@bash $(HERE)/bench/run.sh

# 4 PDF requests and 8 issuers at once on a --workers=2 server (a copy of the test database).
load-pdf: test-db
	@PYTHONPATH=$(ODOO_SRC) $(PY) $(HERE)/bench/pdf_concurrency.py --source-db $(TEST_DB) \
	  --odoo-src $(ODOO_SRC) --addons-path $(ODOO_ADDONS),$(TEST_ADDONS) --data-dir $(DATA_DIR) \
	  --output $(BUILD)/pdf_concurrency-$(TEST_DB).json

# A city under load and faults: PostgreSQL primary + replica, Odoo workers, Locust (bench/load).
.PHONY: load load-stop
load: setup
	@bash $(HERE)/bench/load/run.sh

load-stop:
	@bash $(HERE)/bench/load/cluster.sh stop

clean:
	rm -rf $(BUILD)
