# Segue: `make run` renders the demo session, `make test` runs the whole suite.
# Both install the Debian packages Segue needs when they are missing.

DEBS := pkg-config libespeak-ng-dev espeak-ng-data libsndfile1-dev libsoxr-dev libebur128-dev libsqlite3-dev \
	libtag1-dev libtagc0-dev libaubio-dev libchromaprint-dev libargon2-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SEGUE := .build/release/segue
# The sample catalog has 9 playable artists, so the demo relaxes the 8-slot artist separation to 3.
DEMO := --catalog samples/catalog.json --listener samples/listeners/ana.json --minutes 10 --seed 7 --separation 3 --out out/demo

PREFIX ?= /usr/local
# The build install copies from: release by default (CONFIG=debug installs a debug build).
CONFIG ?= release

.PHONY: all deps build run test lint format install install-files uninstall fuzz clean

all: run

deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	swift build -c release --product segue

# The binary in PREFIX/bin, its data (templates, voices, safety policy, the sample catalog) in PREFIX/share/segue,
# where it finds them from any working directory.
install: deps
	swift build -c $(CONFIG) --product segue
	$(MAKE) install-files

# The copying half of install, for a binary already built (the install test uses it inside `swift test`).
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/segue
	install -m 755 .build/$(CONFIG)/segue $(DESTDIR)$(PREFIX)/bin/segue
	rm -rf $(DESTDIR)$(PREFIX)/share/segue/prompts $(DESTDIR)$(PREFIX)/share/segue/voices \
		$(DESTDIR)$(PREFIX)/share/segue/policy $(DESTDIR)$(PREFIX)/share/segue/samples
	cp -R prompts voices samples $(DESTDIR)$(PREFIX)/share/segue/
	cp -R Sources/SegueFiles/policy $(DESTDIR)$(PREFIX)/share/segue/policy

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/segue $(DESTDIR)$(PREFIX)/share/segue

# swift-format with the settings in .swift-format (the toolchain ships it).
lint:
	swift format lint --strict --recursive --parallel Sources Tests Package.swift

format:
	swift format --in-place --recursive --parallel Sources Tests Package.swift

run: build
	$(SEGUE) session $(DEMO)
	@echo "Listen: out/demo/session.wav   Read: out/demo/script.md"

# Chromium is optional: the browser test runs when it is installed and says it is skipped when not.
test: deps
	@command -v chromium >/dev/null 2>&1 || { echo "Installing chromium for the browser test (optional)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		--no-install-recommends chromium; } || echo "chromium could not be installed: the browser test is skipped"
	swift build --build-tests
	swift test --skip-build

clean:
	rm -rf .build out

# Fuzz slot hygiene, the skeleton folding, the JSON line reader and the CLI's JSON inputs (every input is also read as a
# catalog, a listener, a check line and every history export, and what loads is sequenced or counted) with libFuzzer (FUZZ_SECONDS=600 for the
# 10-minute run). The closing statistics give the number of inputs run (stat::number_of_executed_units).
# Linked with lld: Debian's gold crashes on the sanitizer objects.
FUZZ_SECONDS ?= 600
fuzz: deps
	swift build -c release --product segue-fuzz --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	mkdir -p .build-fuzz/corpus
	# A new corpus starts from the labelled lines, one per file, so the JSON reader is reached at once.
	[ -n "$$(ls -A .build-fuzz/corpus)" ] || split -l 1 Tests/SegueSessionTests/Fixtures/safety/labelled.jsonl .build-fuzz/corpus/seed-
	# The sample catalog and listeners seed the catalog and listener loaders (same names each run: no growth).
	cp samples/catalog.json .build-fuzz/corpus/seed-catalog.json
	for file in samples/listeners/*.json; do cp "$$file" ".build-fuzz/corpus/seed-listener-$${file##*/}"; done
	# The history fixtures seed the Spotify, ListenBrainz, CSV and likes readers.
	for file in Tests/SegueFilesTests/Fixtures/history/*; do cp "$$file" ".build-fuzz/corpus/seed-history-$${file##*/}"; done
	# detect_leaks=0: the only leaks LeakSanitizer reports are the compiled patterns, made once per process.
	ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/segue-fuzz .build-fuzz/corpus -dict=Tests/Fuzz/json.dict \
		-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1 \
		-artifact_prefix=.build-fuzz/
