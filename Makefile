# Everything the project needs is installed from here; nothing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test fuzz bench corpus clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

demo: $(VENV)/.installed
	$(BIN)/fakecloud validate examples/order/flows
	$(BIN)/fakecloud run examples/order/flows/shipping.yaml --input @examples/order/shipping-input.json
	cd examples/order && ../../$(BIN)/fakecloud run --scenario tests/approved-through-the-queue.scenario.yaml
	cd examples/order && ../../$(BIN)/python -m pytest -q --fakecloud-cov-report=html:reports/coverage \
	    --fakecloud-cov-report=term
	$(BIN)/fakecloud validate examples/video/flows
	cd examples/video && ../../$(BIN)/python -m pytest -q

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

# The full fuzz campaign: >= 10,000 FDL documents and >= 5,000 malformed requests (make test runs a few of each).
fuzz: $(VENV)/.installed-test
	FAKECLOUD_FUZZ=campaign $(BIN)/python -m pytest -q tests/fuzz

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_validate_scaling.py
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_floors.py
	$(BIN)/python benchmarks/bench_bytecodes.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_mns_wire.py
	$(BIN)/python benchmarks/bench_mns_queue.py
	$(BIN)/python benchmarks/bench_plugin.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_gc.py
	$(BIN)/python benchmarks/bench_insight.py

clean:
	rm -rf $(VENV) build *.egg-info
