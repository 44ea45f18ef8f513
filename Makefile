# Stockroom build entry points. `make demo` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build debug asan demo test test-asan fuzz fuzz-protocol clean bench-tpch bench-load bench-spill bench-ecommerce bench-serve

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/release/build.ninja:
	cmake -S . -B $(BUILD_DIR)/release -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/release/build.ninja
	cmake --build $(BUILD_DIR)/release -j $(JOBS)

$(BUILD_DIR)/debug/build.ninja:
	cmake -S . -B $(BUILD_DIR)/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug

debug: deps $(BUILD_DIR)/debug/build.ninja
	cmake --build $(BUILD_DIR)/debug -j $(JOBS)

$(BUILD_DIR)/asan/build.ninja:
	cmake -S . -B $(BUILD_DIR)/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSR_SANITIZE=ON

asan: deps $(BUILD_DIR)/asan/build.ninja
	cmake --build $(BUILD_DIR)/asan -j $(JOBS)

demo: build
	./$(BUILD_DIR)/release/stockroom demo

test: build
	cd $(BUILD_DIR)/release && ctest --output-on-failure -j $(JOBS)

# Unit tests and expected-mode SQL logic tests under AddressSanitizer + UBSan (any report
# fails the test).
test-asan: asan
	cd $(BUILD_DIR)/asan && UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -L '^(unit|sql)$$'

# libFuzzer targets (clang; not in CI): FUZZ_SECONDS of fuzzing. FUZZER=sql (the SQL entry
# point) or FUZZER=protocol (the wire protocol decoder; also `make fuzz-protocol`).
# Findings are written to $(BUILD_DIR)/fuzz/run-$(FUZZER); see docs/testing.md. Fuzzed SQL
# can write files (COPY ... TO), so as root the fuzzer runs as nobody.
FUZZ_SECONDS ?= 600
FUZZER ?= sql
FUZZ_DICT_sql :=
FUZZ_DICT_protocol := -dict=$(CURDIR)/test/fuzz/protocol.dict
fuzz:
	@./scripts/install-deps.sh clang libclang-rt-14-dev
	CC=clang CXX=clang++ cmake -S . -B $(BUILD_DIR)/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSR_FUZZ=ON
	cmake --build $(BUILD_DIR)/fuzz -j $(JOBS) --target $(FUZZER)_fuzzer
	mkdir -p $(BUILD_DIR)/fuzz/run-$(FUZZER)/corpus && chmod -R a+rwX $(BUILD_DIR)/fuzz/run-$(FUZZER)
	cd $(BUILD_DIR)/fuzz/run-$(FUZZER) && $(if $(filter 0,$(shell id -u)),runuser -u nobody --,) ../$(FUZZER)_fuzzer \
	  -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 $(FUZZ_DICT_$(FUZZER)) \
	  corpus $(CURDIR)/test/fuzz/corpus/$(FUZZER)

fuzz-protocol:
	$(MAKE) fuzz FUZZER=protocol

clean:
	rm -rf $(BUILD_DIR)

# TPC-H benchmark against PostgreSQL 15 (not a test): SF=1 by default, medians of 5 runs.
SF ?= 1
bench-tpch: build
	./$(BUILD_DIR)/release/tpch_bench --sf $(SF) --runs 5 --shared ../shared --work $(BUILD_DIR)/bench --markdown $(BUILD_DIR)/bench/tpch-sf$(SF).md

# Load benchmark against PostgreSQL 15's COPY (not a test): CSV and NDJSON, size on disk,
# a SORTKEY range scan; medians of 3 runs.
bench-load: build
	./$(BUILD_DIR)/release/load_bench --sf $(SF) --runs 3 --shared ../shared --work $(BUILD_DIR)/bench --markdown $(BUILD_DIR)/bench/load-sf$(SF).md

# Spill benchmark (not a test): 50 million rows aggregated, joined and sorted under a 2 GB
# memory_limit, beside no limit and PostgreSQL 15 with work_mem = 2GB.
bench-spill: build
	./$(BUILD_DIR)/release/spill_bench --sf 1 --runs 3 --work $(BUILD_DIR)/bench --markdown $(BUILD_DIR)/bench/spill.md

# E-commerce benchmark (not a test): generate the landing zone at SF=1 and load every
# table beside PostgreSQL 15's COPY, medians of 3 runs.
bench-ecommerce: build
	./$(BUILD_DIR)/release/ecommerce_bench --sf $(SF) --runs 3 --work $(BUILD_DIR)/bench --markdown $(BUILD_DIR)/bench/ecommerce-sf$(SF).md

# Serving benchmark (not a test): 50 clients + 50 idle connections run a dashboard query
# mix over TPC-H SF 1 against `stockroom serve` and PostgreSQL 15, 60 s each after a 10 s
# warm-up, medians of 3 runs. Loads both databases under build/bench the first time.
bench-serve: build
	./$(BUILD_DIR)/release/serve_bench --sf $(SF) --runs 3 --seconds 60 --shared ../shared --work $(BUILD_DIR)/bench --markdown $(BUILD_DIR)/bench/serve-sf$(SF).md
