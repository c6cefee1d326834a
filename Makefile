# zeroroot: plain Makefile. See README.md.
#   make            ./zeroroot             make static   ./zeroroot.static
#   make check      fast offline suite     make cross    cross-built binaries in build/
#   make install    PREFIX, DESTDIR        make clean
#   make demo       build, then show what zeroroot does on a scratch directory
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
CFLAGS ?= -O2
WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wformat-security -Werror=implicit-function-declaration
# Debian's cross compilers; i686 stands in for "gcc -m32", because Debian's
# gcc-multilib conflicts with every gcc-*-cross package.
CROSS = aarch64-linux-gnu arm-linux-gnueabihf powerpc64le-linux-gnu s390x-linux-gnu riscv64-linux-gnu
I386_CC ?= i686-linux-gnu-gcc
BUILD ?= build

SRCS = fakesys.c filter.c root.c supervisor.c
HDRS = zeroroot.h bpf_table.h

all: zeroroot

zeroroot: $(SRCS) $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(LDFLAGS) -o $@ $(SRCS)

static: zeroroot.static
zeroroot.static: $(SRCS) $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(LDFLAGS) -static -o $@ $(SRCS)

bpf_table.h: arch/*.tbl arch/mktable.awk
	awk -f arch/mktable.awk arch/*.tbl > $@.tmp && mv $@.tmp $@

tests/probe: tests/probe.c
	$(CC) $(CFLAGS) $(WARNINGS) -pthread -o $@ tests/probe.c
tests/probe-static: tests/probe.c
	$(CC) $(CFLAGS) $(WARNINGS) -static -pthread -o $@ tests/probe.c
# Static, so that it runs wherever i386 binaries run at all. Only x86_64 hosts
# run i386 processes beside their own; elsewhere the i386 tests skip, saying so.
tests/probe-i386: tests/probe.c
	$(I386_CC) $(CFLAGS) $(WARNINGS) -static -pthread -o $@ tests/probe.c
I386_PROBE = $(if $(filter x86_64,$(shell uname -m)),tests/probe-i386)

# The built-in example: as whoever runs make, chown, mknod of a device and
# setuid succeed, and afterwards nothing has changed but the real FIFO.
demo: zeroroot
	@d=$$(mktemp -d) && touch $$d/file && cd $$d && \
	echo "\$$ zeroroot sh -c 'id -u; chown 4242:4242 file; mknod null c 1 3; mkfifo fifo; setpriv --reuid=4242 true'" && \
	$(CURDIR)/zeroroot sh -c 'id -u && chown 4242:4242 file && mknod null c 1 3 && mkfifo fifo && \
		setpriv --reuid=4242 true && echo "zeroroot: every call succeeded"'; rc=$$?; \
	echo "\$$ ls -ln  (outside, afterwards: file still ours, null no device but an empty file, a real FIFO)"; \
	ls -ln $$d | sed 1d; rm -rf $$d; exit $$rc

check: zeroroot zeroroot.static tests/probe tests/probe-static $(I386_PROBE)
	tests/run

check-tables:
	tests/check-tables

# Cross-build zeroroot (static) for each of $(CROSS) into $(BUILD)/<triplet>/.
cross: $(HDRS)
	@for t in $(CROSS); do \
		mkdir -p $(BUILD)/$$t && \
		$$t-gcc $(CFLAGS) $(WARNINGS) -static -o $(BUILD)/$$t/zeroroot $(SRCS) && \
		echo "cross $$t: $(BUILD)/$$t/zeroroot" || exit 1; \
	done

install: zeroroot
	install -D -m 755 zeroroot $(DESTDIR)$(BINDIR)/zeroroot
	install -D -m 644 man/zeroroot.1 $(DESTDIR)$(MANDIR)/man1/zeroroot.1

clean:
	rm -rf zeroroot zeroroot.static bpf_table.h bpf_table.h.tmp tests/probe tests/probe-static tests/probe-i386 $(BUILD)

.PHONY: all static demo check check-tables cross install clean

# Boot each architecture's Debian kernel under qemu-system and run zeroroot's
# checks there (issue 4); slow, so not part of "make check". See tests/arch/README.
check-arch:
	tests/arch/run
.PHONY: check-arch

# Real package managers in real root filesystems, unprivileged, with and
# without zeroroot (issue 5); needs Debian's mirror. See tests/integration/.
check-integration: zeroroot zeroroot.static
	tests/integration/run
.PHONY: check-integration

# The README's two set-up commands on a pristine Debian bookworm tree. See tests/fresh/README.
check-fresh:
	tests/fresh/run
.PHONY: check-fresh
