# The hidden worker command: says hello on stdout, leaves on end of input,
# and is not listed by --help.
. "$REPO/tests/lib.sh"

expect_exit 0 "$VERIPREF" __worker </dev/null
# hello frame: u32 length 8, then "VPH1" and a u32 pid (native byte order)
expect_eq "frame size" "$(wc -c <out | tr -d ' ')" 12
expect_eq "magic" "$(dd if=out bs=1 skip=4 count=4 2>/dev/null)" "VPH1"
expect_exit 0 "$VERIPREF" --help
expect_no_grep '__worker' out
# A job frame cut short is a protocol error, not a hang.
printf '\100\0\0\0VPJ1' >short
expect_exit 3 "$VERIPREF" __worker <short
