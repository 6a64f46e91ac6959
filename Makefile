# The whole interface of the project. Each target installs what it needs first (Debian packages as
# root; otherwise it prints the apt-get line to run).
.PHONY: run build test test-sanitize fuzz test-deploy k8s-check bench bench-containers deps clean format

PRESET ?= release
BUILD_DIR := build/$(PRESET)
BIN := $(BUILD_DIR)/src/rapidtrade

## make run: build, then start the whole shop on http://localhost:8080 (SQLite under ./var/); the
## local mailbox (/boite-mail) shows every customer's mail: a demo on one machine (MAILBOX_SHOW_ALL)
run: build
	DATA_DIR=$${DATA_DIR:-var} MAILBOX_SHOW_ALL=$${MAILBOX_SHOW_ALL:-true} exec $(BIN) serve

## make build: configure and compile (Release)
build: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET) >/dev/null
	cmake --build $(BUILD_DIR) -j$$(nproc)

## make test: build, start PostgreSQL and the other real servers the tests need, run every suite
test:
	scripts/install-deps.sh test
	scripts/install-test-tools.sh
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET) >/dev/null
	cmake --build $(BUILD_DIR) -j$$(nproc)
	scripts/with-postgres.sh ctest --test-dir $(BUILD_DIR) --output-on-failure --timeout 600
	scripts/fuzz.sh 10

## make fuzz: every libFuzzer target (clang, ASan + UBSan; tests/fuzz) for 3 minutes each; make test
## runs them for 10 s each
fuzz:
	scripts/fuzz.sh 180

## make test-sanitize: the AddressSanitizer + UndefinedBehaviorSanitizer build (preset debug) and the
## unit, integration and end-to-end suites on it; any report fails the run (CI runs it after make test).
## Leaks are checked in the unit and integration suites; in the end-to-end suite the servers are
## stopped and killed mid-fault on purpose, so there only memory errors and undefined behaviour count.
ASAN_COMMON := abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
UBSAN := halt_on_error=1:print_stacktrace=1
test-sanitize:
	scripts/install-deps.sh test
	scripts/install-test-tools.sh
	@test -f build/debug/build.ninja || cmake --preset debug >/dev/null
	cmake --build build/debug -j$$(nproc)
	ASAN_OPTIONS=$(ASAN_COMMON):detect_leaks=1 UBSAN_OPTIONS=$(UBSAN) LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp \
	  scripts/with-postgres.sh ctest --test-dir build/debug -R '^(unit|integration-sqlite|integration-postgres)$$' \
	  --output-on-failure --timeout 1800
	ASAN_OPTIONS=$(ASAN_COMMON):detect_leaks=0 UBSAN_OPTIONS=$(UBSAN) \
	  scripts/with-postgres.sh ctest --test-dir build/debug -R '^e2e$$' --output-on-failure --timeout 1800

## make test-deploy: the image built with podman and run, then the compose topology started with its
## monitoring, a guest order placed through its frontend, its e-mail and its metrics checked (compose
## OK:), a service stopped and the alert e-mail checked, then its resolution (alert OK:), then the
## Kubernetes local overlay's workloads run with podman kube play and an order placed through them
## (kube play OK:). Needs root; CI runs it after make test
test-deploy:
	scripts/podman-setup.sh
	tests/deploy/image.sh
	tests/deploy/compose.sh
	tests/deploy/kube-play.sh

## make k8s-check: render deploy/k8s offline (kubectl kustomize) and check every manifest (also in make test)
k8s-check:
	scripts/install-test-tools.sh
	node --test tests/deploy/manifests.test.mjs

## make bench: per core (each server pinned to a core, wrk on the other) against nginx on the same
## bytes, the checkout against pgbench on the same server, then the unpinned run and the journeys
## (see bench/README.md)
bench:
	scripts/install-deps.sh bench
	cmake --preset $(PRESET) >/dev/null  # again: finds Google Benchmark if it was just installed
	cmake --build $(BUILD_DIR) -j$$(nproc)
	$(BUILD_DIR)/bench/token_bench --benchmark_min_time=1
	PG_FSYNC=on scripts/with-postgres.sh bench/per_core.sh $(BIN)
	PG_FSYNC=on scripts/with-postgres.sh bench/run.sh $(BIN)
	PG_FSYNC=on scripts/with-postgres.sh bench/journeys.sh $(BIN)

## make bench-containers: image size and each container's memory vs the manifests' requests
bench-containers:
	scripts/podman-setup.sh
	bench/containers.sh

deps:
	@scripts/install-deps.sh build

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')

clean:
	rm -rf build
