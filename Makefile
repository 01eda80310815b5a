# seclint: `make install` builds one fully static binary (Swift runtime, Foundation and libc linked in)
# and installs it with its man page and bash/zsh/fish completions.
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
BINARY := .build/release/seclint

.PHONY: build install uninstall test bench fuzz clean

build:
	$(SWIFT) build -c release --static-swift-stdlib -Xswiftc -static-executable --product seclint

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 $(BINARY) "$(DESTDIR)$(PREFIX)/bin/seclint"
	$(BINARY) manpage > "$(DESTDIR)$(PREFIX)/share/man/man1/seclint.1"
	$(BINARY) completion bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/seclint"
	$(BINARY) completion zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_seclint"
	$(BINARY) completion fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/seclint.fish"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/seclint"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/seclint" "$(DESTDIR)$(PREFIX)/share/man/man1/seclint.1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/seclint" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_seclint" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/seclint.fish"

test:
	$(SWIFT) test

bench:
	Scripts/bench.sh

fuzz:
	Scripts/fuzz.sh 600

clean:
	rm -rf .build .build-fuzz
