# Command line: help, version, options, exit statuses, the default shell.
load helpers

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr zr --help
	[[ "$output" == "Usage: zeroroot [OPTION]... [--] [COMMAND [ARG]...]"* ]]
	[[ "$output" == *"--userns=MODE"* ]]
	[[ "$output" == *"See zeroroot(1)."* ]]
	[ -z "$stderr" ]
}

@test "--version and -V print the version of VERSION, then what built the binary, and exit 0" {
	run -0 --separate-stderr zr --version
	[ "${lines[0]}" = "zeroroot $(cat "$ZR_TOP/VERSION")" ]
	[[ "${lines[1]}" =~ ^built\ for\ $(native_abi)\ by\ (gcc|clang)\ [0-9.]+\ with\ (glibc\ 2\.[0-9]+|musl),\ dynamically\ linked$ ]]
	[ "${#lines[@]}" = 2 ]
	[ -z "$stderr" ]
	version=$output
	run -0 zr -V
	[ "$output" = "$version" ]
	run -0 as_user "$ZR_BIN/zeroroot.static" --version
	[[ "${lines[1]}" == *", statically linked" ]]
}

@test "an unknown option exits 125 with a hint to --help" {
	run -125 --separate-stderr zr --bogus true
	[ "${lines[0]-}" = "" ]
	[[ "$stderr" == *"zeroroot: unrecognized or incomplete option '--bogus'"* ]]
	[[ "$stderr" == *"Try 'zeroroot --help' for more information."* ]]
	run -125 --separate-stderr zr -x true
	[[ "$stderr" == *"invalid option -- 'x'"* ]]
}

@test "an invalid --userns value exits 125 and names the choices" {
	run -125 --separate-stderr zr --userns=sometimes true
	[[ "$stderr" == *"invalid --userns value 'sometimes': expected auto, always or never"* ]]
	run -125 --separate-stderr zr --userns
	[[ "$stderr" == *"--userns"* ]]
}

@test "options stop at the command: zeroroot ls -d passes -d to ls" {
	run -0 zr ls -d /
	[ "$output" = "/" ]
}

@test "-- ends the options" {
	run -0 zr -- sh -c 'echo ran'
	[ "$output" = "ran" ]
}

@test "the command's exit status is zeroroot's" {
	run -0 zr true
	run -1 zr false
	run -3 zr sh -c 'exit 3'
	run -124 zr sh -c 'exit 124'
}

@test "a command killed by a signal is reported as 128+N" {
	run -143 zr sh -c 'kill -TERM $$'
	run -137 zr sh -c 'kill -KILL $$'
}

@test "a missing command exits 127 with one line" {
	run -127 --separate-stderr zr /nonexistent/command
	[ "$stderr" = "zeroroot: failed to run '/nonexistent/command': No such file or directory" ]
	# a clean PATH: an unreadable directory in it would make execvp say EACCES (126)
	run -127 as_user env PATH=/usr/bin:/bin "$ZR" no-such-command-zeroroot
}

@test "a command that is not executable exits 126" {
	printf 'data\n' >"$T/notexec"
	chmod 644 "$T/notexec"
	run -126 --separate-stderr zr "$T/notexec"
	[[ "$stderr" == "zeroroot: failed to run '$T/notexec': Permission denied" ]]
	run -126 zr "$T"
}

@test "with no command zeroroot runs \$SHELL" {
	# shellcheck disable=SC2016 # the script's own $(id -u) and $#
	printf '#!/bin/sh\necho "shell ran as $(id -u) with $# args"\n' >"$T/myshell"
	chmod 755 "$T/myshell"
	run -0 as_user env SHELL="$T/myshell" "$ZR" </dev/null
	[ "$output" = "shell ran as 0 with 0 args" ]
}

@test "with no command and no \$SHELL zeroroot runs /bin/sh" {
	# shellcheck disable=SC2016 # the inner shell's $(id -u)
	run -7 as_user env -u SHELL "$ZR" <<<'echo "sh says $(id -u)"; exit 7'
	[ "$output" = "sh says 0" ]
	run -0 as_user env SHELL= "$ZR" <<<'echo empty SHELL too'
	[ "$output" = "empty SHELL too" ]
}

@test "--dump-filter and --list refuse a command" {
	run -125 --separate-stderr zr --dump-filter true
	[[ "$stderr" == *"take no command"* ]]
	run -125 zr --list --dump-filter
}
