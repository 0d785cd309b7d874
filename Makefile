# motcua — the two commands: `make run` and `make test`.
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=
BIN_DIR = $(shell $(SWIFT) build $(SWIFT_BUILD_FLAGS) --show-bin-path)
# The workplace's shared sample files (edXML, BPMN) the tests read: beside the checkout, or
# where this machine keeps them when CI clones elsewhere.
MOTCUA_SAMPLES ?= $(firstword $(wildcard $(CURDIR)/../shared/samples /work/shared/samples))
export MOTCUA_SAMPLES

# At most this many test cases at once. Unbounded, all ~300 start together on this 2-core
# machine's two cooperative threads: a 10 ms sleep came back up to 2.6 s late (6.8 s with
# perf attached), and in the CI of 5947469 PostgreSQL transactions, waiting their turn
# between statements, passed the store's 15 s limit. With 48: at most 0.6 s late, and the
# suites take about as long as before (~95 s).
SWIFT_TEST_WIDTH ?= --experimental-maximum-parallelization-width 48

.PHONY: run test deps build clean fuzz

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

## run: install what is missing, build, validate the shipped definitions and show the CLI.
run: build
	@scripts/run.sh "$(BIN_DIR)/motcua"

## test: install what is missing, build everything and run every test.
test: deps .venv/ready
	@scripts/install-deps.sh --test
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --build-tests
	MOTCUA_BIN="$(BIN_DIR)/motcua" MOTCUA_TEST_POSTGRES_FSYNC=off scripts/with-postgres.sh scripts/swift-test.sh $(SWIFT) test $(SWIFT_BUILD_FLAGS) --skip-build $(SWIFT_TEST_WIDTH)
	.venv/bin/python Tests/schema/check_schema.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/crash_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" MOTCUA_TEST_BACKEND=postgres scripts/with-postgres.sh .venv/bin/python Tests/integration/crash_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" scripts/with-postgres.sh .venv/bin/python Tests/integration/postgres_outage_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" scripts/with-postgres.sh .venv/bin/python Tests/integration/postgres_connection_loss_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" scripts/with-postgres.sh .venv/bin/python Tests/integration/three_instances_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" scripts/with-postgres.sh .venv/bin/python Tests/integration/db_copy_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/axis_import_crash_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/two_agency_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" MOTCUA_TEST_BACKEND=postgres scripts/with-postgres.sh .venv/bin/python Tests/integration/two_agency_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/portal_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/mail_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/tls_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python -W ignore::DeprecationWarning Tests/integration/smtp_tls_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/api_conformance_test.py
	MOTCUA_BIN="$(BIN_DIR)/motcua" .venv/bin/python Tests/integration/browser_test.py
	RUNS=20000 scripts/fuzz.sh

# Test-only Python tools, in a git-ignored virtual environment.
.venv/ready: scripts/test-requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r scripts/test-requirements.txt
	touch $@

## fuzz: a fuzzing campaign, one million inputs per target (a benchmark, not part of `make test`).
fuzz: deps
	RUNS=1000000 scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz .venv
