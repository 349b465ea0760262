# veripref grade --junit: one testcase per (candidate, testbench, simulator)
# cell, read back with python3's ElementTree: exact counts, names, and the
# failure carrying the outcome and the grader's message.
. "$REPO/tests/lib.sh"

T="$REPO/rtl_tasks/adder8"
cp "$T/ref.v" ref.v
cat > nocin.v <<'V'
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b;
endmodule
V
printf 'module adder8(input [7:0] a, b, input cin, output [7:0] sum, output cout);\n  initial $display("hi");\nendmodule\n' > loud.v
ntb=$(ls "$T"/tb/*.v | wc -l)

expect_exit 1 "$VERIPREF" grade --task "$T" --sim both --junit report.xml ref.v nocin.v loud.v
[ -s report.xml ] || fail "no report written"
python3 - report.xml "$ntb" $(cd "$T/tb" && ls *.v) <<'PY' || fail "report.xml does not match the grading"
import sys, xml.etree.ElementTree as ET
path, ntb, tbs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
root = ET.parse(path).getroot()
s = root.find('testsuite')
n = 3 * ntb * 2
want = {'name': 'veripref grade adder8', 'tests': str(n), 'failures': str(2 * ntb * 2),
        'errors': '0', 'skipped': '0'}
for e in (root, s):
    for k, v in want.items():
        assert e.get(k) == v, (k, e.get(k), v)
cases = s.findall('testcase')
assert len(cases) == n
def name(c, tb, sim):
    return c + ('/' + tb if ntb > 1 else '') + '/' + sim
exp = [name(c, tb, sim) for c in ('ref.v', 'nocin.v', 'loud.v') for tb in tbs for sim in ('iverilog', 'verilator')]
assert [c.get('name') for c in cases] == exp, [c.get('name') for c in cases]
assert all(c.get('classname') == 'adder8' for c in cases)
for c in cases:
    f = c.find('failure')
    if c.get('name').startswith('ref.v/'):
        assert f is None and len(list(c)) == 0
    elif c.get('name').startswith('nocin.v/'):
        assert f.get('type') == 'fail', f.attrib
        assert ' checks failed; first: ' in f.get('message'), f.get('message')
        assert f.text.startswith('fail: '), f.text
    else:
        assert f.get('type') == 'forbidden', f.attrib
        assert "'$display'" in f.get('message'), f.get('message')
print('ok')
PY

# All pass: exit 0 and a report without failures.
expect_exit 0 "$VERIPREF" grade --task "$T" --junit ok.xml ref.v
expect_grep "^<testsuites name=\"veripref grade adder8\" tests=\"$ntb\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"[0-9]+\.[0-9]{3}\">$" ok.xml

# An unwritable report is a runtime error naming the file.
expect_exit 3 "$VERIPREF" grade --task "$T" --junit no-such-dir/r.xml ref.v
expect_grep "^veripref: error: cannot open 'no-such-dir/r.xml': No such file or directory$" err
