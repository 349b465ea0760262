# `veripref score --method M FILE` prints one JSON line per task with the tie
# groups, best first.  Values computed by hand (see README.md, "Scoring and preference pairs"):
# codet, p = 0.5, 3 tests:  c0 110 and c1 110 (mult 2): |S_x| = 3, |S_y| = 2
# -> sqrt(3) * 2 = 3.4641016151377544;  c2 111: 1 * 3 = 3;  c3 000 and c4
# (not ok) unranked.
. "$REPO/tests/lib.sh"

cat >m.jsonl <<'JSON'
{"task_id":"T","candidates":[{"id":"c0","ok":true},{"id":"c1","ok":true,"multiplicity":2},{"id":"c2","ok":true},{"id":"c3","ok":true},{"id":"c4","ok":false}],"tests":[{"id":"t0"},{"id":"t1"},{"id":"t2"}],"matrix":["110","110","111","000","111"]}

{"task_id":"U","candidates":[],"tests":[],"matrix":[]}
JSON
expect_exit 0 "$VERIPREF" score m.jsonl
expect_eq "codet line" "$(sed -n 1p out)" \
'{"task_id":"T","method":"codet","ranked":3,"groups":[{"score":3.4641016151377544,"candidates":["c0","c1"],"scores":[3.4641016151377544,3.4641016151377544]},{"score":3,"candidates":["c2"],"scores":[3]}],"unranked":["c3","c4"]}'
expect_eq "empty task" "$(sed -n 2p out)" \
'{"task_id":"U","method":"codet","ranked":0,"groups":[],"unranked":[]}'
expect_eq "lines" "$(wc -l <out | tr -d ' ')" 2

# maxpass: c2 passes 3, c0 and c1 pass 2.
expect_exit 0 "$VERIPREF" score --method maxpass m.jsonl
expect_eq "maxpass line" "$(sed -n 1p out)" \
'{"task_id":"T","method":"maxpass","ranked":3,"groups":[{"score":3,"candidates":["c2"],"scores":[3]},{"score":2,"candidates":["c0","c1"],"scores":[2,2]}],"unranked":["c3","c4"]}'
# truth ranks the all-zero row c3 last with score 0.
expect_exit 0 "$VERIPREF" score --method truth m.jsonl
expect_grep '"groups":\[\{"score":1,"candidates":\["c2"\].*\{"score":0,"candidates":\["c3"\],"scores":\[0\]\}\],"unranked":\["c4"\]' out
