# The two commands of the README: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
DATA ?= data
BIND ?= 127.0.0.1
SIP_PORT ?= 5060
HTTP_PORT ?= 8080
JOBS ?= $(shell nproc)

# The web app (web/): npm ci when node_modules is missing or older than package-lock.json, then a
# build when a source is newer than web/dist/index.html.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json \
               web/vite.config.ts web/tsconfig.json web/tsconfig.app.json web/tsconfig.node.json

.PHONY: all deps build web run test unit integration asan bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps web
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

web: web/dist/index.html

web/node_modules/.installed: web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run build

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
	rm -rf build build-asan web/dist
