# ipsec-nat — the two commands a new Debian 12 machine needs:
#   make demo   installs what is missing, builds, runs the flagship study
#   make test   installs what is missing, builds and runs every test
#               (plain build, then AddressSanitizer + UBSan build), the live
#               interop test against a real strongSwan among them
#   make interop  just the live interop test
#   make bench  builds and runs the benchmarks of bench/ (a few minutes)

SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
RESULTS ?= results
PYTHON := /usr/bin/python3

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES := build-essential cmake pkg-config ccache libns3-dev ns3 libgsl-dev \
	libssl-dev libgtest-dev googletest python3 python3-matplotlib tshark clang-format \
	strongswan-charon strongswan-swanctl libcharon-extra-plugins iputils-ping iproute2

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CCACHE := $(shell command -v ccache 2>/dev/null)
CMAKE_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	$(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all deps build build-asan test test-plain test-asan interop demo bench bench-scale format clean

all: build

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  echo "wireshark-common wireshark-common/install-setuid boolean false" \
	    | $(SUDO) debconf-set-selections; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "All Debian packages present."; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) -DIPSEC_NAT_SANITIZE=ON

build-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# ctest lists a skipped test without its output: say why, loudly, after it.
skip_note = if [ -f $(1)/live-interop-SKIPPED.txt ]; then \
	  echo "************************************************************************"; \
	  cat $(1)/live-interop-SKIPPED.txt; \
	  echo "************************************************************************"; fi

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) || { $(call skip_note,$(CURDIR)/$(BUILD)); false; }
	@$(call skip_note,$(BUILD))

# Any AddressSanitizer, LeakSanitizer or UBSan report aborts the test that
# caused it, so ctest fails.
test-asan: build-asan
	cd $(ASAN_BUILD) && \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) || { $(call skip_note,$(CURDIR)/$(ASAN_BUILD)); false; }
	@$(call skip_note,$(ASAN_BUILD))

test: test-plain test-asan

# Only the live interop test against a real strongSwan (needs root, network
# namespaces and /dev/net/tun; says SKIPPED with the reason otherwise).
# INTEROP_ARGS: e.g. "--keep results/interop nat-timeout".
interop: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target ipsec-nat-live
	$(PYTHON) test/interop/live-interop.py --binary $(BUILD)/examples/ipsec-nat-live $(INTEROP_ARGS)

# The flagship study (doc/studies.rst): remote-access clients behind PATs
# and a hub, keepalive x NAT timeout and hub CPU vs peers sweeps with their
# plots, then one run's captures with key files and show crypto output, and
# the single-NAT mapping-timeout study.
demo: build
	$(PYTHON) analysis/remote_access_study.py demo \
	  --binary $(BUILD)/examples/ipsec-nat-remote-access --out $(RESULTS) --jobs $(JOBS)
	$(BUILD)/examples/ipsec-nat-remote-access --peers=20 --nats=4 --duration=300 \
	  --keepalive=20 --natTimeout=60 --hubInterval=15 --cpuProfile=software-x86 \
	  --pcap=1 --keys=1 --show=1 --progress=0 --outDir=$(RESULTS)/remote-access-run
	@echo "one remote-access run: $(RESULTS)/remote-access-run/ (hub-wan.pcap, nat0-wan.pcap, \
	nat0-lan.pcap, esp_sa, ikev1_decryption_table, show-crypto.txt, CSVs)"
	$(PYTHON) analysis/nat_study.py demo --binary $(BUILD)/examples/nat-mapping-timeout \
	  --out $(RESULTS)/nat-mapping-timeout --jobs $(JOBS)
	$(BUILD)/examples/ipsec-nat-site-to-site --nat=initiator --keepalive=20 --natTimeout=60 \
	  --outDir=$(RESULTS)/ipsec-nat-site-to-site
	@echo "plots: $(RESULTS)/ra-*.png (remote access), \
	$(RESULTS)/nat-mapping-timeout/nat-*.png (one NAT)"

# Benchmarks of doc/studies.rst and bench/README.md (minutes; not part of make test).
bench-scale: build
	bench/bench-scale.sh $(BUILD) bench/results/scale.csv

# Wall-time ratios measured side by side in one process (bench/README.md).
bench: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target bench-esp-per-packet bench-ike-handshake
	$(BUILD)/bench/bench-esp-per-packet --packets=20000 --sizes=64,512,1400 --reps=11
	$(BUILD)/bench/bench-ike-handshake --handshakes=100 --reps=51 --groups=14,19,31

format:
	clang-format -i $$(find model helper examples test bench -name '*.cc' -o -name '*.h' 2>/dev/null)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
