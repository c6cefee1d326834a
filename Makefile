# zeroroot: plain Makefile. See README.md.
#   make                 ./zeroroot              make static    ./zeroroot.static
#   make install         PREFIX, DESTDIR         make clean
#   make demo            build, then show what zeroroot does on a scratch directory
#   make check           the fast offline suite (tests/run), as a user and as root
#   make analyze         cppcheck and clang-tidy (.clang-tidy), warnings as errors
#   make check-tables    arch/*.tbl against the kernel's uapi headers
#   make cross           static cross-built binaries in build/<triplet>/
#   make check-arch      every architecture's Debian kernel under qemu (tests/arch/README)
#   make check-integration  real package managers in real trees (tests/integration/README)
#   make check-fresh     README's set-up commands on a pristine Debian tree (tests/fresh/README)
#   make check-env       the sandboxes zeroroot is run in: bwrap, crun, seccomp profiles... (tests/env/README)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CFLAGS ?= -O2
# Warnings are errors here and in CI; a distribution's build may set WERROR=
# so that the next compiler's new warning does not break it.
WERROR ?= -Werror
WARNINGS = -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wformat-security -Werror=implicit-function-declaration
# Debian's cross compilers; i686 stands in for "gcc -m32", because Debian's
# gcc-multilib conflicts with every gcc-*-cross package.
CROSS = aarch64-linux-gnu arm-linux-gnueabihf powerpc64le-linux-gnu s390x-linux-gnu riscv64-linux-gnu
I386_CC ?= i686-linux-gnu-gcc
BUILD ?= build

SRCS = fakesys.c init.c userns.c msg.c table.c filter.c dump.c root.c supervisor.c answer.c owners.c proc.c creds.c caller.c
HDRS = kinds.def init.h userns.h msg.h table.h filter.h root.h supervisor.h answer.h owners.h proc.h creds.h caller.h bpf_table.h
TABLES = kinds.def arch/calls $(sort $(wildcard arch/*.tbl))
# The one compile line: $(call compile,COMPILER,OUTPUT,EXTRA FLAGS)
compile = $(1) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(LDFLAGS) $(3) -o $(2) $(SRCS)

all: zeroroot

zeroroot: $(SRCS) $(HDRS)
	$(call compile,$(CC),$@)

static: zeroroot.static
zeroroot.static: $(SRCS) $(HDRS)
	$(call compile,$(CC),$@,-static -DZR_STATIC)

bpf_table.h: $(TABLES) arch/mktable.awk
	awk -f arch/mktable.awk $(TABLES) > $@.tmp && mv $@.tmp $@

# Cross-build zeroroot (static) for each of $(CROSS) into $(BUILD)/<triplet>/.
cross: $(SRCS) $(HDRS)
	@for t in $(CROSS); do \
		mkdir -p $(BUILD)/$$t && \
		$(call compile,$$t-gcc,$(BUILD)/$$t/zeroroot,-static -DZR_STATIC) && \
		echo "cross $$t: $(BUILD)/$$t/zeroroot" || exit 1; \
	done

tests/probe: tests/probe.c
	$(CC) $(CFLAGS) $(WARNINGS) -pthread -o $@ tests/probe.c
tests/probe-static: tests/probe.c
	$(CC) $(CFLAGS) $(WARNINGS) -static -pthread -o $@ tests/probe.c
# Static, so that it runs wherever i386 binaries run at all. Only x86_64 hosts
# run i386 processes beside their own; elsewhere the i386 tests skip, saying so.
tests/probe-i386: tests/probe.c
	$(I386_CC) $(CFLAGS) $(WARNINGS) -static -pthread -o $@ tests/probe.c
I386_PROBE = $(if $(filter x86_64,$(shell uname -m)),tests/probe-i386)
tests/hostile: tests/hostile.c
	$(CC) $(CFLAGS) $(WARNINGS) -pthread -o $@ tests/hostile.c
# zeroroot with fault injection (answer.c, ZR_CRASH_TEST): handlers that die.
tests/zeroroot-crash: $(SRCS) $(HDRS)
	$(call compile,$(CC),$@,-DZR_CRASH_TEST)
# The credential rules on their own, without seccomp.
tests/creds-test: tests/creds-test.c creds.c creds.h table.h
	$(CC) $(CFLAGS) $(WARNINGS) -I. -o $@ tests/creds-test.c creds.c

# The built-in example: as whoever runs make, chown, mknod of a device and
# setuid succeed, and afterwards nothing has changed but the real FIFO.
demo: zeroroot
	@d=$$(mktemp -d) && touch $$d/file && cd $$d && \
	echo "\$$ zeroroot sh -c 'id -u; chown 4242:4242 file; mknod null c 1 3; mkfifo fifo; setpriv --reuid=4242 true'" && \
	$(CURDIR)/zeroroot sh -c 'id -u && chown 4242:4242 file && mknod null c 1 3 && mkfifo fifo && \
		setpriv --reuid=4242 true && echo "zeroroot: every call succeeded"'; rc=$$?; \
	echo "\$$ ls -ln  (outside, afterwards: file still ours, null no device but an empty file, a real FIFO)"; \
	ls -ln $$d | sed 1d; rm -rf $$d; exit $$rc

check: zeroroot zeroroot.static tests/probe tests/probe-static tests/hostile tests/creds-test tests/zeroroot-crash $(I386_PROBE)
	tests/run

check-slow: zeroroot zeroroot.static tests/probe tests/probe-static tests/hostile tests/creds-test tests/zeroroot-crash
	tests/run --slow

check-tables:
	tests/check-tables

check-arch:
	tests/arch/run

check-integration: zeroroot zeroroot.static
	tests/integration/run

check-env: zeroroot
	tests/env/run

# Static analysis: cppcheck, and clang-tidy with the checks of .clang-tidy.
analyze: bpf_table.h
	cppcheck --enable=warning,portability,performance --inline-suppr --error-exitcode=1 -q \
		--std=c11 -D_GNU_SOURCE -D__linux__ $(SRCS)
	clang-tidy --quiet $(SRCS) -- -D_GNU_SOURCE -I.

install: zeroroot
	install -D -m 755 zeroroot $(DESTDIR)$(BINDIR)/zeroroot
	install -D -m 644 man/zeroroot.1 $(DESTDIR)$(MANDIR)/man1/zeroroot.1

clean:
	rm -rf zeroroot zeroroot.static bpf_table.h bpf_table.h.tmp tests/probe tests/probe-static \
		tests/probe-i386 tests/hostile tests/creds-test tests/zeroroot-crash $(BUILD)

# The README's two set-up commands on a pristine Debian bookworm tree (tests/fresh/README).
check-fresh:
	tests/fresh/run

.PHONY: all static cross demo check check-slow analyze check-tables check-arch check-integration check-fresh check-env install clean
