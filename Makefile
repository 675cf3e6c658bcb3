# Linli 邻里 — build, run and test. See README.md.
#
#   make run     install what is missing, build the release site and server, serve it
#   make test    install what is missing, lint, run every Rust test and the browser tests
#   make build   build everything, run nothing
#
# Every target installs what it needs on a fresh Debian machine with rustup and node:
# the wasm target, wasm-bindgen-cli (cargo install, at the version in Cargo.lock), the
# wasm splitter (cargo install, pinned below),
# wasm-opt (npm package binaryen, pinned in tools/package-lock.json), and for the browser
# tests Debian's chromium and CJK fonts plus end2end/'s npm packages.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

export PATH := $(HOME)/.cargo/bin:$(PATH)
# Playwright must never try to download a browser: it drives Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

CARGO ?= cargo
NPM ?= npm
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must match the library exactly; read its version from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

# The splitter that cuts the wasm into the main module and one chunk per area of the app
# (the split points are `area_routes!` in app/src/ui/pages/*/mod.rs).
WASM_SPLIT_VERSION := 0.2.4
WASM_SPLIT := wasm-split-cli
# Relocations let the splitter move code between modules; `erase_components` makes
# Leptos box its view types (about a quarter off the module).
WASM_RUSTFLAGS := -Clink-args=--emit-relocs --cfg erase_components

WASM_RAW := target/$(WASM_TARGET)/wasm-release/linli_app.wasm
SPLIT_DIR := target/wasm-split
SPLIT_STAMP := $(SPLIT_DIR)/opt/.done
WASM_OPT := tools/node_modules/.bin/wasm-opt
WASM_OPT_FLAGS := -Oz --enable-bulk-memory --enable-nontrapping-float-to-int
SITE_STAMP := target/site.stamp
TOOLS_STAMP := tools/node_modules/.installed
E2E_STAMP := end2end/node_modules/.installed

SERVER_DEBUG := target/debug/linli-server
SERVER_RELEASE := target/release/linli-server

.PHONY: help run build test lint test-rust e2e site wasm site-files server server-release \
	deps deps-rust deps-wasm-target deps-wasm-bindgen deps-wasm-split deps-tools deps-e2e \
	deps-browser sizes

help:
	@echo "make run     build the release site and server, then serve http://127.0.0.1:3000"
	@echo "make test    lint, Rust tests, then the browser tests (installs what is missing)"
	@echo "make build   build the release site and server, run nothing"
	@echo "make site    build only target/site (wasm, js, css, index.html, precompressed)"
	@echo "make sizes   each file of the site and the first-load total of / and /shop"
	@echo "make e2e     only the browser tests (E2E_ARGS='--project=phone -g name' to filter)"
	@echo "make deps    install every tool the above need"

# ---------------------------------------------------------------- the two commands

run: build
	@mkdir -p "$$(dirname "$${LINLI_DB:-data/linli.db}")"
	$(SERVER_RELEASE)

test:
	$(MAKE) lint
	$(MAKE) test-rust
	$(MAKE) e2e
	@echo "make test: all checks passed"

build: site server-release

# ---------------------------------------------------------------- checks

lint: deps-wasm-target
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) run -q -p xtask -- cycles
	$(CARGO) clippy -p linli-app --features csr --target $(WASM_TARGET) -- -D warnings

test-rust:
	$(CARGO) test --workspace

# Browser tests against the release site and a real server on a random port with a
# throwaway database (see end2end/global-setup.ts).
e2e: deps-browser deps-e2e site server
	cd end2end && npx --no-install playwright test $(E2E_ARGS)

# ---------------------------------------------------------------- building

# The debug server for the browser tests, built the way `cargo test --workspace` builds it
# (same features, so after `make test-rust` this is a no-op instead of a second build).
server:
	$(CARGO) test --workspace --no-run

server-release:
	$(CARGO) build --release -p linli-server

# The release site: wasm (size profile, with relocations) -> the splitter (main module,
# one chunk per area, their JS loader) -> wasm-bindgen on the main module (keeping the
# linker's exports the chunks import) -> wasm-opt on every wasm -> xtask assembles
# target/site with hashed names, rewritten references and .br/.gz siblings. Cargo decides
# whether the wasm is stale; the later steps only rerun when their inputs changed.
site: deps-rust deps-tools wasm
	$(MAKE) site-files

wasm: deps-wasm-target
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='$(WASM_RUSTFLAGS)' \
		$(CARGO) build -p linli-app --lib --target $(WASM_TARGET) --profile wasm-release --features csr

site-files: $(SITE_STAMP)

$(SPLIT_STAMP): $(WASM_RAW) Cargo.lock $(TOOLS_STAMP)
	rm -rf $(SPLIT_DIR)
	mkdir -p $(SPLIT_DIR)/opt
	$(WASM_SPLIT) $(WASM_RAW) $(SPLIT_DIR)/raw
	wasm-bindgen --target web --no-typescript --keep-lld-exports \
		--out-dir $(SPLIT_DIR)/raw --out-name main $(SPLIT_DIR)/raw/main.wasm
	rm $(SPLIT_DIR)/raw/main.wasm
	cp $(SPLIT_DIR)/raw/*.js $(SPLIT_DIR)/opt/
	for f in $(SPLIT_DIR)/raw/*.wasm; do \
		$(WASM_OPT) $(WASM_OPT_FLAGS) "$$f" -o "$(SPLIT_DIR)/opt/$${f##*/}"; \
	done
	@touch $@

$(SITE_STAMP): $(SPLIT_STAMP) $(wildcard public/* public/*/* style/*.css xtask/src/*.rs)
	$(CARGO) run --release -q -p xtask -- site --pkg $(SPLIT_DIR)/opt --out target/site
	@touch $@

# Sizes of what a browser downloads (raw, gzip, brotli), and the first-load total of /
# and /shop (the browser test first-load.spec.ts measures it on the wire).
sizes: site
	@$(CARGO) run --release -q -p xtask -- sizes --out target/site

# ---------------------------------------------------------------- installing what is missing

deps: deps-rust deps-tools deps-e2e deps-browser

deps-rust: deps-wasm-target deps-wasm-bindgen deps-wasm-split

deps-wasm-target:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)

# `--locked` fails for 0.2.130 (a locked dependency left the registry), so install without it.
deps-wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
		$(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

deps-wasm-split:
	@if ! $(CARGO) install --list | grep -qx 'wasm_split_cli_support v$(WASM_SPLIT_VERSION):'; then \
		echo "installing wasm_split_cli_support $(WASM_SPLIT_VERSION)"; \
		$(CARGO) install wasm_split_cli_support --version =$(WASM_SPLIT_VERSION) \
			--features build-binary --locked; \
	fi

deps-tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	cd tools && $(NPM) ci --no-audit --no-fund
	@touch $@

deps-e2e: $(E2E_STAMP)

$(E2E_STAMP): end2end/package.json end2end/package-lock.json
	cd end2end && $(NPM) ci --no-audit --no-fund
	@touch $@

# Debian's chromium (Playwright cannot download its own here) and CJK fonts so Chinese
# renders in screenshots.
deps-browser:
	@if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk; \
	fi
