# zeroroot: plain Makefile. See README.md.
#   make                 ./zeroroot              make static    ./zeroroot.static
#   make install         PREFIX, DESTDIR         make uninstall the same files, removed
#   make clean           what make made
#   make demo            build, then show what zeroroot does on a scratch directory
#   make check           the fast offline suite (tests/run), as a user and as root
#   make check-slow      the build matrix and the stress tests (tests/build.bats, tests/stress.bats)
#   make analyze         cppcheck and clang-tidy (.clang-tidy), warnings as errors
#   make check-tables    arch/*.tbl against the kernel's uapi headers
#   make dist            zeroroot-VERSION.tar.gz: the files git tracks, the same bytes every time
#   make check-dist      that tarball unpacked elsewhere: make, then make check there
#   make release         release/zeroroot-VERSION-ABI, static, for every ABI; release/SHA256SUMS
#   make check-reproducible  two releases from the tarball, elsewhere, later: the same bytes
#                        (native ABI; REPRODUCIBLE_ABIS=all for every ABI, or a list)
#   make check-arch      every ABI's release binary on its Debian kernel under qemu (tests/arch/README)
#   make check-integration  real package managers in real trees (tests/integration/README)
#   make check-fresh     README's set-up commands on a pristine Debian tree (tests/fresh/README)
#   make check-env       the sandboxes zeroroot is run in: bwrap, crun, seccomp profiles... (tests/env/README)
# The version lives here alone; NEWS says what each one changed.
VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CFLAGS ?= -O2
# Warnings are errors here and in CI; a distribution's build may set WERROR=
# so that the next compiler's new warning does not break it.
WERROR ?= -Werror
WARNINGS = -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wformat-security -Werror=implicit-function-declaration

SRCS = fakesys.c init.c userns.c msg.c table.c filter.c dump.c root.c supervisor.c answer.c acl.c trace.c owners.c proc.c creds.c caller.c
HDRS = kinds.def native.h init.h userns.h msg.h table.h filter.h root.h supervisor.h answer.h acl.h trace.h owners.h proc.h creds.h caller.h bpf_table.h bpf_prebuilt.h
TABLES = kinds.def arch/calls $(sort $(wildcard arch/*.tbl))
# The one compile line: $(call compile,COMPILER,OUTPUT,FLAGS)
compile = $(1) $(3) $(WARNINGS) -DZR_VERSION='"$(VERSION)"' -o $(2) $(SRCS)
BUILD_FLAGS = $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)

all: zeroroot

zeroroot: $(SRCS) $(HDRS) VERSION
	$(call compile,$(CC),$@,$(BUILD_FLAGS))

static: zeroroot.static
zeroroot.static: $(SRCS) $(HDRS) VERSION
	$(call compile,$(CC),$@,$(BUILD_FLAGS) -static -DZR_STATIC)

bpf_table.h: $(TABLES) arch/mktable.awk
	awk -f arch/mktable.awk $(TABLES) > $@.tmp && mv $@.tmp $@

# The filters installed most often, for every ABI as the native one, built in
# advance on the build machine (HOSTCC) and copied at start (arch/mkprebuilt.c).
HOSTCC ?= cc
PREBUILT_SRCS = arch/mkprebuilt.c filter.c table.c msg.c
arch/mkprebuilt: $(PREBUILT_SRCS) kinds.def native.h filter.h table.h msg.h bpf_table.h VERSION
	$(HOSTCC) -O2 $(WARNINGS) -DZR_MKPREBUILT -DZR_VERSION='"$(VERSION)"' -I. -o $@ $(PREBUILT_SRCS)
bpf_prebuilt.h: arch/mkprebuilt
	arch/mkprebuilt > $@.tmp && mv $@.tmp $@

# The one date a build may use (reproducible-builds.org): the last commit's,
# or in an unpacked tarball the one make dist gave every file.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell if [ -e .git ]; then git log -1 --format=%ct 2>/dev/null; else stat -c %Y VERSION; fi)
endif

# Releases: a static zeroroot-VERSION-ABI for every ABI check-arch boots, each
# with Debian's compiler for it, and SHA256SUMS. A compiler this host lacks may
# come from a Debian tree of a later release: tests/arch/tree runs it there
# (loongarch64's, from trixie, on bookworm; as root). i686 stands in for
# "gcc -m32", because Debian's gcc-multilib conflicts with every gcc-*-cross.
RELEASE ?= release
RELEASE_ABIS ?= x86_64 i386 x32 aarch64 arm ppc64le s390x riscv64 mips64el-n64 mips64el-n32 mipsel-o32 loongarch64
CC_x86_64 = x86_64-linux-gnu-gcc
CC_i386 = i686-linux-gnu-gcc
CC_x32 = x86_64-linux-gnux32-gcc
CC_aarch64 = aarch64-linux-gnu-gcc
CC_arm = arm-linux-gnueabihf-gcc
CC_ppc64le = powerpc64le-linux-gnu-gcc
CC_s390x = s390x-linux-gnu-gcc
CC_riscv64 = riscv64-linux-gnu-gcc
CC_mips64el-n64 = mips64el-linux-gnuabi64-gcc
CC_mips64el-n32 = mips64el-linux-gnuabi64-gcc -mabi=n32
CC_mipsel-o32 = mips64el-linux-gnuabi64-gcc -mabi=32
CC_loongarch64 = loongarch64-linux-gnu-gcc
# The same bytes from the same source and compilers, wherever and whenever:
# fixed flags (not the environment's CFLAGS), sources named relative to here
# and -ffile-prefix-map for any other path, no date (SOURCE_DATE_EPOCH for a
# __DATE__ to come), one link order (SRCS), no symbols or debug info (-s).
RELEASE_FLAGS = -O2 -static -DZR_STATIC -s -ffile-prefix-map=$(CURDIR)=.
RELEASE_FILES = $(patsubst %,$(RELEASE)/zeroroot-$(VERSION)-%,$(RELEASE_ABIS))

# SHA256SUMS lists exactly RELEASE_ABIS, so it is written every time.
release: $(RELEASE_FILES)
	cd $(RELEASE) && sha256sum $(sort $(notdir $(RELEASE_FILES))) > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS
$(RELEASE)/zeroroot-$(VERSION)-%: $(SRCS) $(HDRS) VERSION Makefile
	$(if $(CC_$*),,$(error no compiler for the ABI $*: the Makefile has no CC_$*))
	@mkdir -p $(RELEASE)
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) ZR_TREE_BIND=$(RELEASE) \
		tests/arch/tree $(call compile,$(CC_$*),$@.tmp,$(RELEASE_FLAGS)) && mv $@.tmp $@

# The sources: what git tracks, so nothing generated or built. The tarball is
# the same bytes whenever and wherever it is made: names sorted, one date,
# owner 0/0, modes from git's executable bit alone, gzip without name or date.
DIST = zeroroot-$(VERSION).tar.gz
dist:
	@[ -n "$(SOURCE_DATE_EPOCH)" ] && git ls-files >/dev/null || \
		{ echo "zeroroot: make dist needs a git checkout: git ls-files names the sources" >&2; exit 1; }
	git ls-files | awk '{ print; while (sub("/[^/]*$$", "")) print }' | LC_ALL=C sort -u | \
		tar -c -f $(DIST:.gz=.tmp) --no-recursion -T - --transform 's,^,zeroroot-$(VERSION)/,' \
		--format=ustar --mtime=@$(SOURCE_DATE_EPOCH) --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX
	gzip -9n < $(DIST:.gz=.tmp) > $(DIST).tmp && mv $(DIST).tmp $(DIST) && rm $(DIST:.gz=.tmp)

tests/probe: tests/probe.c
	$(CC) $(CFLAGS) $(WARNINGS) -pthread -o $@ tests/probe.c
tests/probe-static: tests/probe.c
	$(CC) $(CFLAGS) $(WARNINGS) -static -pthread -o $@ tests/probe.c
# Static, so that it runs wherever i386 binaries run at all. Only x86_64 hosts
# run i386 processes beside their own; elsewhere the i386 tests skip, saying so.
tests/probe-i386: tests/probe.c
	$(CC_i386) $(CFLAGS) $(WARNINGS) -static -pthread -o $@ tests/probe.c
I386_PROBE = $(if $(filter x86_64,$(shell uname -m)),tests/probe-i386)
tests/hostile: tests/hostile.c
	$(CC) $(CFLAGS) $(WARNINGS) -pthread -o $@ tests/hostile.c
# zeroroot with fault injection (answer.c, ZR_CRASH_TEST): handlers that die.
tests/zeroroot-crash: $(SRCS) $(HDRS)
	$(call compile,$(CC),$@,$(BUILD_FLAGS) -DZR_CRASH_TEST)
# The credential rules on their own, without seccomp.
tests/creds-test: tests/creds-test.c creds.c creds.h table.h
	$(CC) $(CFLAGS) $(WARNINGS) -I. -o $@ tests/creds-test.c creds.c
# The pure parsers and formatters against their cases, tests/unit/*.tests:
# linked with every module but fakesys.c, whose main() it replaces.
tests/unit-test: tests/unit-test.c $(SRCS) $(HDRS) VERSION
	$(CC) $(BUILD_FLAGS) $(WARNINGS) -DZR_VERSION='"$(VERSION)"' -I. -o $@ tests/unit-test.c $(filter-out fakesys.c,$(SRCS))

# The built-in example: as whoever runs make, chown, mknod of a device and
# setuid succeed, and afterwards nothing has changed but the real FIFO.
demo: zeroroot
	@d=$$(mktemp -d) && touch $$d/file && cd $$d && \
	echo "\$$ zeroroot sh -c 'id -u; chown 4242:4242 file; mknod null c 1 3; mkfifo fifo; setpriv --reuid=4242 true'" && \
	$(CURDIR)/zeroroot sh -c 'id -u && chown 4242:4242 file && mknod null c 1 3 && mkfifo fifo && \
		setpriv --reuid=4242 true && echo "zeroroot: every call succeeded"'; rc=$$?; \
	echo "\$$ ls -ln  (outside, afterwards: file still ours, null no device but an empty file, a real FIFO)"; \
	ls -ln $$d | sed 1d; rm -rf $$d; exit $$rc

check: zeroroot zeroroot.static tests/probe tests/probe-static tests/hostile tests/creds-test tests/unit-test tests/zeroroot-crash $(I386_PROBE)
	tests/run

check-slow: zeroroot zeroroot.static tests/probe tests/probe-static tests/hostile tests/creds-test tests/unit-test tests/zeroroot-crash
	tests/run --slow

check-tables:
	tests/check-tables

check-arch:
	tests/arch/run

check-dist: dist
	tests/check-dist $(DIST)

REPRODUCIBLE_ABIS ?= native
check-reproducible: dist
	tests/check-reproducible $(DIST) $(REPRODUCIBLE_ABIS)

check-integration: zeroroot zeroroot.static
	tests/integration/run

check-env: zeroroot
	tests/env/run

# Static analysis: cppcheck, and clang-tidy with the checks of .clang-tidy.
analyze: bpf_table.h bpf_prebuilt.h
	cppcheck --enable=warning,portability,performance --inline-suppr --error-exitcode=1 -q \
		--std=c11 -D_GNU_SOURCE -D__linux__ -DZR_VERSION='"$(VERSION)"' $(SRCS)
	clang-tidy --quiet $(SRCS) -- -D_GNU_SOURCE -DZR_VERSION='"$(VERSION)"' -I.

# The man page's title line gets its version from VERSION, as util-linux's and
# bubblewrap's pages get theirs from the build.
install: zeroroot
	install -D -m 755 zeroroot $(DESTDIR)$(BINDIR)/zeroroot
	install -d $(DESTDIR)$(MANDIR)/man1
	sed '/^\.TH /s/"zeroroot[^"]*"/"zeroroot $(VERSION)"/' man/zeroroot.1 > $(DESTDIR)$(MANDIR)/man1/zeroroot.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/zeroroot.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zeroroot $(DESTDIR)$(MANDIR)/man1/zeroroot.1

clean:
	rm -f zeroroot zeroroot.static bpf_table.h bpf_table.h.tmp bpf_prebuilt.h bpf_prebuilt.h.tmp arch/mkprebuilt tests/probe tests/probe-static \
		tests/probe-i386 tests/hostile tests/creds-test tests/unit-test tests/zeroroot-crash zeroroot-*.tar.gz zeroroot-*.tmp \
		$(RELEASE)/zeroroot-* $(RELEASE)/SHA256SUMS $(RELEASE)/SHA256SUMS.tmp
	[ ! -d $(RELEASE) ] || rmdir --ignore-fail-on-non-empty $(RELEASE)

# The README's two set-up commands on a pristine Debian bookworm tree (tests/fresh/README).
check-fresh:
	tests/fresh/run

.PHONY: all static release dist demo check check-slow analyze check-tables check-arch check-dist \
	check-reproducible check-integration check-fresh check-env install uninstall clean
