# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-random test-loaded fuzz bench validate strip venv clean system-tools

$(STAMP): pyproject.toml
	@echo "installing solewatch and its dependencies into $(VENV) (a few minutes the first time)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[sim,dev]'
	touch $(STAMP)

venv: $(STAMP)

# The demo rider is kept under sessions/ (git-ignored), not in the user's config directory.
DEMO_RIDER := SOLEWATCH_CONFIG_DIR=$(CURDIR)/sessions/.demo-config

demo: $(STAMP)
	rm -rf sessions/.demo-config
	$(DEMO_RIDER) $(BIN)/solewatch live --sim healthy-ride --speed 40 --duration 8m --out sessions \
		--rider demo --plain --no-sound --no-report
	$(DEMO_RIDER) $(BIN)/solewatch live --sim cleat-forward --speed 40 --duration 20m --out sessions \
		--rider demo

# tmux and Chromium for the suite's terminal and browser tests: installed as root on Debian, else named
system-tools:
	@bash .ci/system-tools

test: $(STAMP) system-tools
	$(BIN)/python -m pytest -q

test-random: $(STAMP) system-tools  # hypothesis draws new random examples, more of them (tests/conftest.py)
	HYPOTHESIS_PROFILE=random $(BIN)/python -m pytest -q

# The fuzz tests of each file format at full length: 10,000 malformed files each (docs/reliability.md),
# derandomized like `make test`, which runs 300 of each. 10,000 parameter files take about 80 s on a quiet
# host (600 took 4.6 s) and went past pytest's 300-s limit for one test with a load of 9: here each has an hour.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q --timeout 3600 tests/test_fuzz_files.py

# The suite with a busy loop on every core, as on a loaded machine: no test may depend on the host's speed.
# TESTS narrows it (make test-loaded TESTS=tests/test_live_faults.py); the loops are killed however it ends.
TESTS ?=
test-loaded: $(STAMP) system-tools
	@pids=""; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq $$(nproc)); do sh -c 'while :; do :; done' & pids="$$pids $$!"; done; \
	echo "busy loops on $$(nproc) cores: $$pids"; \
	$(BIN)/python -m pytest -q $(TESTS)

# the benchmarks also time Moticon's own loader (the bench extra), which nothing else installs
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	@echo "installing the benchmarks' extra packages into $(VENV)"
	$(BIN)/python -m pip install --quiet -e '.[sim,dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run_all.py

validate: $(STAMP) fuzz
	$(BIN)/python -m monitor.tools.validation

strip: $(STAMP)  # notebooks/ without outputs before a commit (tests/test_notebooks.py checks it)
	$(BIN)/python -m monitor.tools.strip_notebooks

clean:
	rm -rf $(VENV) build *.egg-info
