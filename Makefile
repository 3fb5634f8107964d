# The two commands of the README: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
DATA ?= data
BIND ?= 127.0.0.1
SIP_PORT ?= 5060
HTTP_PORT ?= 8080
JOBS ?= $(shell nproc)

.PHONY: all deps build run test unit integration asan bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

run: build
	@if [ ! -f "$(DATA)/hotline.db" ]; then ./build/hotline init --data "$(DATA)" --demo; \
	 else echo "Using existing $(DATA); demo logins are in $(DATA)/demo-credentials.json"; fi
	./build/hotline serve --data "$(DATA)" --bind $(BIND) --sip-port $(SIP_PORT) --http-port $(HTTP_PORT)

test: build
	ctest --test-dir build --output-on-failure -j $(JOBS) --timeout 600

unit: build
	ctest --test-dir build --output-on-failure -j $(JOBS) -L unit

integration: build
	ctest --test-dir build --output-on-failure -L integration

# The whole suite, integration included, against binaries built with ASan+UBSan.
asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS) --timeout 900

bench: build
	@bash bench/run.sh

clean:
	rm -rf build build-asan
