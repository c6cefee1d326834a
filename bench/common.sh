# bench/common.sh: the knobs and paths bench/setup and bench/run share, and
# their two message helpers. Sourced, not run. Every knob is a BENCH_*
# environment variable; bench/README lists them.
# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(dirname "$BENCH") # the source tree zeroroot is built from
OUT=${BENCH_OUT:-$BENCH}
RAW=$OUT/raw # what bench/run measured; all that bench/report reads

REPS=${BENCH_REPS:-5}                   # measured rounds per runner, after one warm-up round
CLOSE_REPS=${BENCH_CLOSE_REPS:-$((REPS > 15 ? REPS : 15))} # for the close calls (bench/workloads)
FILES=${BENCH_FILES:-20000}             # files in the tar archive
STARTUP_LOOPS=${BENCH_STARTUP_LOOPS:-20} # "RUNNER true" runs per start-up sample (hyperfine)
SYSCALL_SECONDS=${BENCH_SYSCALL_SECONDS:-1} # duration of one syscall loop for bare
TIMEOUT=${BENCH_TIMEOUT:-600}           # seconds, per measured command
WAIT_LOAD=${BENCH_WAIT_LOAD:-}          # e.g. 0.7: wait (up to 20 min) for a quiet machine
SUITE=${BENCH_SUITE:-bookworm}
BASELINE=${BENCH_BASELINE:-}            # a git revision: also measure zeroroot as it was there
CACHE=${BENCH_CACHE:-/var/cache/zeroroot/bench}

BENCH_USER=zrbench
BIN=$CACHE/bin # zeroroot and syscalls, built by bench/setup from the tree
TREE=$CACHE/minbase-$SUITE
DEBS=$CACHE/debs-$SUITE
REPO=$CACHE/repo-$SUITE
CONFIGURE=$CACHE/configure # bench/configure.ac and the configure script made from it
SCRATCH=$CACHE/scratch     # mount point of the scratch ext4 image
WORK=$CACHE/work           # bench/run's logs and temporary files, emptied at each run
# The tar warm-up extracts a tenth of the files (at least 2000, so every
# owner appears): enough to warm caches and catch failures, cheap.
WARM_FILES=$((FILES / 10 > 2000 ? FILES / 10 : (FILES < 2000 ? FILES : 2000)))
ARCHIVE=$CACHE/owners-$FILES.tar
WARM_ARCHIVE=$CACHE/owners-$WARM_FILES.tar

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 1
}

# read_tables DIR: the runner and workload tables of DIR (bench/ itself, or
# the copies bench/run keeps with its results). Sets, per runner, LABEL,
# PREFIX, CHROOT and AS_ROOT; per workload, KIND, UNIT, FOR_RUNNERS (names,
# "all" spelt out), CLOSE and TITLE; ALL_RUNNERS and ALL_WORKLOADS in file
# order; and RUNNERS and WORKLOADS, the selection (BENCH_RUNNERS,
# BENCH_WORKLOADS, else all). Fields are tab-separated; "-" marks an empty one.
read_tables() {
	local name a b c d e
	declare -gA LABEL=() PREFIX=() CHROOT=() AS_ROOT=() KIND=() UNIT=() FOR_RUNNERS=() CLOSE=() TITLE=()
	ALL_RUNNERS="" ALL_WORKLOADS=""
	while IFS=$'\t' read -r name a b c d; do
		[[ -n $name && $name != \#* ]] || continue
		[[ $b != *ZEROROOT_BASELINE* || -n $BASELINE ]] || continue # no baseline asked for
		[ -n "$d" ] || die "$1/runners: too few fields for $name"
		ALL_RUNNERS+="$name " LABEL[$name]=$a PREFIX[$name]=$b CHROOT[$name]=$c AS_ROOT[$name]=$d
	done <"$1/runners"
	while IFS=$'\t' read -r name a b c d e; do
		[[ -n $name && $name != \#* ]] || continue
		[ -n "$e" ] || die "$1/workloads: too few fields for $name"
		[ "$c" != all ] || c=$ALL_RUNNERS
		c=$(for r in $c; do [[ " $ALL_RUNNERS " != *" $r "* ]] || printf '%s ' "$r"; done)
		ALL_WORKLOADS+="$name " KIND[$name]=$a UNIT[$name]=$b FOR_RUNNERS[$name]=$c CLOSE[$name]=$d TITLE[$name]=$e
	done <"$1/workloads"
	RUNNERS=${BENCH_RUNNERS:-$ALL_RUNNERS}
	WORKLOADS=${BENCH_WORKLOADS:-$ALL_WORKLOADS}
	for name in $RUNNERS; do [ -n "${LABEL[$name]:-}" ] || die "unknown runner '$name' (see $1/runners)"; done
	for name in $WORKLOADS; do [ -n "${KIND[$name]:-}" ] || die "unknown workload '$name' (see $1/workloads)"; done
}
