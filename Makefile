# Stockroom build entry points. `make demo` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build debug asan demo test test-asan fuzz clean bench-tpch

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

clean:
	rm -rf $(BUILD_DIR)

# TPC-H benchmark against PostgreSQL 15 (not a test): SF=1 by default, medians of 5 runs.
SF ?= 1
bench-tpch: build
	./$(BUILD_DIR)/release/tpch_bench --sf $(SF) --runs 5 --shared ../shared --work $(BUILD_DIR)/bench --markdown $(BUILD_DIR)/bench/tpch-sf$(SF).md
