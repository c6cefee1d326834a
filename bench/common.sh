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
PAIRS=${BENCH_PAIRS:-300}               # rounds of a "pairs" workload (one pair per runner each)
FORKEXECS=${BENCH_FORKEXECS:-2000}      # /bin/true runs of the forkexec workload
DECIDE_MINUTES=${BENCH_DECIDE_MINUTES:-20} # per workload: added rounds until its targets are decided
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

# read_tables DIR: the runner, workload and target tables of DIR (bench/
# itself, or the copies bench/run keeps with its results). Sets, per runner,
# LABEL, PREFIX, CHROOT and AS_ROOT; per workload, KIND, UNIT, FOR_RUNNERS
# (names, "all" spelt out), CLOSE, LOAD and TITLE; ALL_RUNNERS and
# ALL_WORKLOADS in file order; RUNNERS and WORKLOADS, the selection
# (BENCH_RUNNERS, BENCH_WORKLOADS, else all); and TARGETS, one line
# "workload|runner|against|op|goal|decide|what" per target, "ZR" spelt out.
# Fields are tab-separated; "-" marks an empty one. Tables of older runs lack
# the runners' "in all" and the workloads' "load" columns: "yes" and 0 then.
read_tables() {
	local name a b c d e f z r tfile
	declare -gA LABEL=() PREFIX=() CHROOT=() AS_ROOT=() IN_ALL=() KIND=() UNIT=() FOR_RUNNERS=() CLOSE=() \
		LOAD=() TITLE=()
	ALL_RUNNERS="" ALL_WORKLOADS="" TARGETS=()
	while IFS=$'\t' read -r name a b c d e; do
		[[ -n $name && $name != \#* ]] || continue
		[[ $b != *ZEROROOT_BASELINE* || -n $BASELINE ]] || continue # no baseline asked for
		[ -n "$d" ] || die "$1/runners: too few fields for $name"
		ALL_RUNNERS+="$name " LABEL[$name]=$a PREFIX[$name]=$b CHROOT[$name]=$c AS_ROOT[$name]=$d
		IN_ALL[$name]=${e:-yes}
	done <"$1/runners"
	while IFS=$'\t' read -r name a b c d e f; do
		[[ -n $name && $name != \#* ]] || continue
		[ -n "$e" ] || die "$1/workloads: too few fields for $name"
		[ -n "$f" ] || f=$e e=0 # a table without the load column
		# "all": every runner whose "in all" is yes; other names add to it
		c=$(for r in $c; do
			if [ "$r" = all ]; then
				for z in $ALL_RUNNERS; do [ "${IN_ALL[$z]}" != yes ] || printf '%s ' "$z"; done
			elif [[ " $ALL_RUNNERS " == *" $r "* ]]; then
				printf '%s ' "$r"
			fi
		done)
		ALL_WORKLOADS+="$name " KIND[$name]=$a UNIT[$name]=$b FOR_RUNNERS[$name]=$c CLOSE[$name]=$d
		LOAD[$name]=$e TITLE[$name]=$f
	done <"$1/workloads"
	tfile=$1/targets
	[ -f "$tfile" ] || tfile=$BENCH/targets # results of a run from before the table existed
	if [ -f "$tfile" ]; then
		while IFS=$'\t' read -r name a b c d e f; do
			[[ -n $name && $name != \#* ]] || continue
			[ -n "$f" ] || die "$1/targets: too few fields for a target of $name"
			for z in zeroroot-pure zeroroot; do
				[[ "$a $b" == *ZR* ]] || z="" # one line, not one per zeroroot runner
				TARGETS+=("$name|${a/ZR/$z}|${b/ZR/$z}|$c|$d|$e|${z:+${LABEL[$z]}: }$f")
				[ -n "$z" ] || break
			done
		done <"$tfile"
	fi
	RUNNERS=${BENCH_RUNNERS:-$ALL_RUNNERS}
	WORKLOADS=${BENCH_WORKLOADS:-$ALL_WORKLOADS}
	for name in $RUNNERS; do [ -n "${LABEL[$name]:-}" ] || die "unknown runner '$name' (see $1/runners)"; done
	for name in $WORKLOADS; do [ -n "${KIND[$name]:-}" ] || die "unknown workload '$name' (see $1/workloads)"; done
}

# ---- statistics, for bench/report and for bench/run's added rounds ----

# gawk functions. ci: over the sorted v[1..n], [v[k], v[n+1-k]] holds the
# median with probability 1 - 2 P(X < k), X ~ Binomial(n, 1/2); take the
# largest k with at least 95%, else k = 1 (the whole range) with the coverage
# it has. Sets CI_LO, CI_HI, CI_COV (percent). The binomial terms are summed
# from logarithms: 0.5^n underflows beyond n = 1074 (and gawk warns of an
# exp() below -745, so such a term is 0 here).
STATS_AWK='
function ex(x) { return x < -700 ? 0 : exp(x) }
function median(v, n) { return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
function ci(v, n,   k, logc, cdf, cov, best, bestcov) {
	best = 1; bestcov = 1 - 2 * ex(n * log(0.5)); logc = 0; cdf = 0
	for (k = 1; 2 * k <= n; k++) {
		cdf += ex(logc + n * log(0.5)); logc += log((n - k + 1) / k)
		cov = 1 - 2 * cdf
		if (cov < 0.95) break
		best = k; bestcov = cov
	}
	CI_LO = v[best]; CI_HI = v[n + 1 - best]; CI_COV = int(bestcov * 100)
}'

# paired W A B [FILE]: "ratio ci_lo ci_hi rounds ci_coverage", the median over
# the rounds both A and B ran of A's value / B's value, or "- - - 0 -".
paired() {
	gawk -F'\t' -v w="$1" -v a="$2" -v b="$3" "$STATS_AWK"'
		$1 == w && $3 > 0 && $4 == "ok" && $2 == a { x[$3] = $5 }
		$1 == w && $3 > 0 && $4 == "ok" && $2 == b { y[$3] = $5 }
		END {
			for (k in x) if ((k in y) && y[k] > 0) v[++n] = x[k] / y[k]
			if (n == 0) { print "- - - 0 -"; exit }
			asort(v); ci(v, n)
			printf "%.4f %.4f %.4f %d %d\n", median(v, n), CI_LO, CI_HI, n, CI_COV
		}' "${4:-$RAW/results.tsv}"
}

# verdict X LO HI N OP GOAL: "pass|miss decided|undecided|few ROUNDS": pass
# or miss by the median X; decided when the interval [LO, HI] of N >= 6
# rounds is on one side of the goal, "few" when it is but N < 6 gives no 95%
# interval. ROUNDS, when undecided, is about how many would decide it at this
# spread: the interval of a median narrows as the square root of the rounds,
# so N times the square of (half the interval / the distance of X from the
# goal), with a fifth more for luck; at least 6.
verdict() {
	awk -v x="$1" -v lo="$2" -v hi="$3" -v n="$4" -v op="$5" -v g="$6" 'BEGIN {
		ok = op == "<=" ? x <= g : x >= g
		side = op == "<=" ? (ok ? hi <= g : lo > g) : (ok ? lo >= g : hi < g)
		need = 0
		if (!side || n < 6) {
			d = x - g; if (d < 0) d = -d
			need = d > 0 ? n * ((hi - lo) / 2 / d) ^ 2 * 1.2 : 1e9
			need = need < 6 ? 6 : need > 1e9 ? 1e9 : int(need + 1)
		}
		printf "%s %s %d\n", ok ? "pass" : "miss", !side ? "undecided" : n < 6 ? "few" : "decided", need }'
}
