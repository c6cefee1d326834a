# arch/mktable.awk: join arch/calls (what each syscall is) and the per-ABI
# tables arch/<abi>.tbl (their numbers) into bpf_table.h, an X-macro list that
# table.c includes, as util-linux's enosys.c includes its syscall list. The
# kinds arch/calls may name are those of kinds.def, read first:
#
#   ZR_CALL(name, kind, ids, op, role0, ..., role5)   one per syscall name
#   ZR_ABI(abi, audit_arch, nr_base, first, count)    one per ABI table: its
#                                                     lines are ZR_NR first to
#                                                     first + count - 1
#   ZR_NR(abi_index, nr, name, id16)                  one per table line
#
# nr is absolute (nr-base added); id16 is 1 where the ABI also has NAME32 and
# arch/calls marks NAME "+32": that NAME takes 16-bit IDs.
#
#   awk -f arch/mktable.awk kinds.def arch/calls arch/<abi>.tbl...
function die(msg) { print FILENAME ":" FNR ": " msg > "/dev/stderr"; failed = 1; exit 1 }
function upper(s) { return toupper(s) }

FNR == 1 { file++; abi = ""; audit = ""; base = "" }

# ---- kinds.def: KIND(K_NAME, "name", ... ----
file == 1 {
	if (match($0, /^KIND\(K_[A-Z0-9_]+, "[a-z0-9]+"/)) {
		split(substr($0, RSTART, RLENGTH), f, /[(, "]+/)
		if (upper(f[3]) != substr(f[2], 3))
			die("kind " f[2] " is not named " tolower(substr(f[2], 3)))
		kinds[f[3]] = 1
	}
	next
}
/^#/ || NF == 0 { next }

# ---- arch/calls ----
file == 2 {
	if (NF < 5)
		die("expected: name kind ids op args...")
	name = $1
	wide = sub(/\+32$/, "", name)
	if (!($2 in kinds))
		die("unknown kind " $2 " (kinds.def has the kinds)")
	if ($3 !~ /^(uid|gid|-)$/ || $4 !~ /^(set|re|res|fs|real|eff|remove|nofollow|-)$/)
		die("bad ids or op column")
	roles = ""
	for (i = 5; i <= 10; i++) {
		r = (i <= NF && $i != "-") ? $i : "none"
		if (r !~ /^(dirfd|path|fd|uid|gid|atflags|mode|dev|size|list|idp|caphdr|capdata|option|int|xname|xvalue|xsize|xflags|xargs|xargsize|none)$/)
			die("unknown argument role " r)
		roles = roles ", R_" upper(r)
	}
	if (NF > 10)
		die("at most 6 arguments")
	desc = "K_" upper($2) ", IDS_" upper($3 == "-" ? "none" : $3) ", OP_" upper($4 == "-" ? "none" : $4) roles
	described[name] = desc
	order[++n_calls] = name
	if (wide) {
		has32[name] = 1
		described[name "32"] = desc
		order[++n_calls] = name "32"
	}
	next
}

# ---- arch/<abi>.tbl ----
$1 == "abi" { abi = $2; next }
$1 == "audit-arch" { audit = $2; next }
$1 == "nr-base" {
	if (abi == "" || audit == "")
		die("abi and audit-arch must come first")
	base = $2
	abis[++n_abis] = "ZR_ABI(\"" abi "\", " audit ", " base
	count[n_abis] = 0
	next
}
$1 == "uapi" { next }
$1 ~ /^[0-9]+$/ && NF == 2 && base != "" {
	if (!($2 in described))
		die("syscall " $2 " is not described in arch/calls")
	if ((n_abis, $2) in seen)
		die("syscall " $2 " listed twice")
	seen[n_abis, $2] = 1
	lines[++n_lines] = n_abis SUBSEP base SUBSEP $1 SUBSEP $2
	count[n_abis]++
	next
}
{ die("cannot parse: " $0) }

END {
	if (failed)
		exit 1
	print "/* Generated from arch/calls and arch/<abi>.tbl by arch/mktable.awk: do not edit. */"
	for (i = 1; i <= n_calls; i++)
		print "ZR_CALL(" order[i] ", " described[order[i]] ")"
	first = 0
	for (a = 1; a <= n_abis; a++) {
		print abis[a] ", " first ", " count[a] ")"
		first += count[a]
		for (i = 1; i <= n_lines; i++) {
			split(lines[i], f, SUBSEP)
			if (f[1] != a)
				continue
			id16 = (f[4] in has32) && ((a, f[4] "32") in seen)
			printf "ZR_NR(%d, %s + %s, %s, %d)\n", a - 1, f[2], f[3], f[4], id16
		}
	}
}
