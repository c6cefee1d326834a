# Case 2c: case 1a in an i386 tree: every program in it makes i386 system
# calls, which zeroroot's filter covers with its i386 table. Needs a kernel
# that runs i386 binaries (IA32 emulation); skipped, saying why, elsewhere.
CASE="bookworm i386: apt-get install -y openssh-client"
TREES=(bookworm-i386)
NEEDS=(mirror i386)

run_case_body() {
	apt_runs bookworm-i386 openssh-client
	expect_failure "$CHOWN_EINVAL"
	expect_success
	check "openssh-client:i386 is registered installed" dpkg_status "$R" openssh-client
	check "ssh runs" output_has '^OpenSSH_' zr --root "$R" ssh -V
	check "ssh is an i386 program" output_has 'Intel 80386' file -L "$R/usr/bin/ssh"
}
