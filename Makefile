# ipsec-nat — the two commands a new Debian 12 machine needs:
#   make demo   installs what is missing, builds, runs the flagship study
#   make test   installs what is missing, builds and runs every test
#               (plain build, then AddressSanitizer + UBSan build)
#   make bench  builds and runs the benchmarks of bench/ (a few minutes)

SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
RESULTS ?= results
PYTHON := /usr/bin/python3

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES := build-essential cmake pkg-config ccache libns3-dev ns3 libgsl-dev \
	libssl-dev libgtest-dev googletest python3 python3-matplotlib tshark clang-format

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CCACHE := $(shell command -v ccache 2>/dev/null)
CMAKE_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	$(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all deps build build-asan test test-plain test-asan demo bench format clean

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

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Any AddressSanitizer, LeakSanitizer or UBSan report aborts the test that
# caused it, so ctest fails.
test-asan: build-asan
	cd $(ASAN_BUILD) && \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

test: test-plain test-asan

demo: build
	$(PYTHON) analysis/nat_study.py demo --binary $(BUILD)/examples/nat-mapping-timeout \
	  --out $(RESULTS) --jobs $(JOBS)
	$(BUILD)/examples/ipsec-nat-site-to-site --nat=initiator --keepalive=20 --natTimeout=60 \
	  --outDir=$(RESULTS)/ipsec-nat-site-to-site
	@echo "IKE/NAT-T tunnel through a PAT: $(RESULTS)/ipsec-nat-site-to-site/ (pcaps, \
	ikev1_decryption_table, esp_sa, show-crypto.txt, summary.csv)"

# Wall-time ratios measured side by side in one process (bench/README.md).
bench: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target bench-esp-per-packet bench-ike-handshake
	$(BUILD)/bench/bench-esp-per-packet --packets=20000 --sizes=64,512,1400 --reps=11
	$(BUILD)/bench/bench-ike-handshake --handshakes=100 --reps=11 --groups=14,19,31

format:
	clang-format -i $$(find model helper examples test bench -name '*.cc' -o -name '*.h' 2>/dev/null)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
