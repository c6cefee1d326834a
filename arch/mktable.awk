# arch/mktable.awk: turn arch/*.tbl into bpf_table.h, an X-macro list that
# fakesys.c includes (as util-linux's enosys.c includes its syscall list).
#   ZR_ABI(abi, audit_arch, nr_base)       one per table
#   ZR_FAKE(abi, audit_arch, nr, name, mode_arg, getter)
#                                          one per syscall line; nr is absolute,
#                                          mode_arg is -1 or the index of mknod's mode,
#                                          getter is 1 for the get*id family
BEGIN {
	print "/* Generated from the tables in arch/ by arch/mktable.awk: do not edit. */"
}
FNR == 1 { abi = ""; audit = ""; base = "" }
/^#/ || NF == 0 { next }
$1 == "abi" { abi = $2; next }
$1 == "audit-arch" { audit = $2; next }
$1 == "nr-base" {
	base = $2
	if (abi == "" || audit == "") { print FILENAME ": abi and audit-arch must come first" > "/dev/stderr"; exit 1 }
	printf "ZR_ABI(\"%s\", %s, %s)\n", abi, audit, base
	next
}
$1 == "uapi" { next }
$1 ~ /^[0-9]+$/ && NF >= 2 && NF <= 3 && base != "" && (NF == 2 || $3 ~ /^([0-5]|get)$/) {
	getter = $3 == "get"
	printf "ZR_FAKE(\"%s\", %s, %s + %s, \"%s\", %s, %d)\n", abi, audit, base, $1, $2,
		(NF == 3 && !getter) ? $3 : -1, getter
	next
}
{ print FILENAME ":" FNR ": cannot parse: " $0 > "/dev/stderr"; exit 1 }
