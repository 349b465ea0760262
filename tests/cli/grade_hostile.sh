# Hostile candidates against adder8 in both simulators: none may pass, each
# gets the expected kind of non-pass, nothing escapes to /tmp, and the grader
# stays healthy (a correct candidate graded in the same batch still passes).
. "$REPO/tests/lib.sh"

H="$REPO/tests/hostile/adder8"
rm -f /tmp/veripref-pwned
# Random bytes with NULs, and a 12 MB source file, made here.
head -c 4096 /dev/urandom > random_bytes.v
printf '\0\0module adder8\0;' >> random_bytes.v
{
	echo 'module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);'
	i=0
	while [ $i -lt 12 ]; do head -c 1048576 /dev/zero | tr '\0' ' '; i=$((i + 1)); done
	echo '  assign {cout, sum} = a + b + cin;'
	echo 'endmodule'
} > big_12mb.v
cp "$REPO/rtl_tasks/adder8/ref.v" good.v

expect_exit 1 "$VERIPREF" grade --task "$REPO/rtl_tasks/adder8" --sim both --timeout 3 \
	--format jsonl good.v "$H"/*.v random_bytes.v big_12mb.v
mv out results.jsonl

# One line per (candidate, testbench, simulator); the only passes are good.v's.
ntb=$(ls "$REPO/rtl_tasks/adder8/tb/"*.v | wc -l)
ncand=$(( $(ls "$H"/*.v | wc -l) + 3 ))
expect_eq "result lines" "$(wc -l < results.jsonl)" "$((ncand * ntb * 2))"
expect_eq "passes" "$(grep -c '"outcome":"pass"' results.jsonl)" "$((ntb * 2))"
expect_no_grep '"candidate":"[^"]*(hostile|random|big)[^"]*".*"outcome":"pass"' results.jsonl

outcome_of() {  # outcome_of FILE-SUBSTRING SIM -> the distinct outcomes
	grep "\"candidate\":\"[^\"]*$1\"" results.jsonl | grep "\"sim\":\"$2\"" |
		sed 's/.*"outcome":"\([a-z_]*\)".*/\1/' | sort -u | tr '\n' ' '
}
for f in forge_verdict system_call system_pasted fopen_tmp readmemh_host include_passwd \
	 dpi_system hier_steal bind_inject forge_counters verilator_c big_12mb hang_time0; do
	for s in iverilog verilator; do
		expect_eq "$f/$s" "$(outcome_of "$f.v" $s)" "forbidden "
	done
done
for s in iverilog verilator; do
	expect_eq "hang_loop/$s" "$(outcome_of hang_loop.v $s)" "timeout "
	expect_eq "wrong_name/$s" "$(outcome_of wrong_name.v $s)" "compile_error "
	expect_eq "empty/$s" "$(outcome_of empty.v $s)" "compile_error "
	case "$(outcome_of comb_loop.v $s)" in
	"timeout "|"crash "|"fail ") ;;
	*) fail "comb_loop/$s: $(outcome_of comb_loop.v $s)" ;;
	esac
	case "$(outcome_of huge_array.v $s)" in
	"crash "|"compile_error "|"timeout ") ;;
	*) fail "huge_array/$s: $(outcome_of huge_array.v $s)" ;;
	esac
	case "$(outcome_of random_bytes.v $s)" in
	"compile_error "|"forbidden ") ;;
	*) fail "random_bytes/$s: $(outcome_of random_bytes.v $s)" ;;
	esac
done
# Messages name the construct and the line.
expect_grep '"candidate":"[^"]*system_call.v".*\$system.*line 5' results.jsonl
expect_grep '"candidate":"[^"]*big_12mb.v".*12\.0 MiB' results.jsonl
[ ! -e /tmp/veripref-pwned ] || fail "a hostile candidate wrote /tmp/veripref-pwned"
