# Never more than K requests in flight (the fake server records the most it
# saw), and under random faults every reply still arrives, in prompt order,
# at the cost of exactly one extra request per fault.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

i=1
: >prompts.txt
: >want.txt
while [ $i -le 40 ]; do
	echo "prompt number $i" >>prompts.txt
	printf '=== prompt %d sample 1 ===\necho: prompt number %d\n' $i $i >>want.txt
	i=$((i + 1))
done

# Replies take 40 ms so requests overlap.
start_fake --delay-ms 40
expect_exit 0 "$VERIPREF" llm --no-cache --model m --llm-concurrency 4 --prompts prompts.txt
cmp -s out want.txt || fail "replies missing or out of order"
fake_snapshot
expect_eq "requests" "$(fake_stat requests)" 40
inflight=$(fake_stat max_in_flight)
[ "$inflight" -le 4 ] || fail "server saw $inflight requests in flight, K=4"
[ "$inflight" -ge 2 ] || fail "server saw $inflight in flight: no concurrency at all"
conns=$(fake_stat max_connections)
[ "$conns" -le 4 ] || fail "client opened $conns connections at once, K=4"

expect_exit 0 "$VERIPREF" llm --no-cache --model m --llm-concurrency 1 --prompts prompts.txt
cmp -s out want.txt || fail "K=1: replies missing or out of order"
fake_snapshot
expect_eq "K=1 in flight" "$(fake_stat max_in_flight)" 1
stop_fake

# Random faults (seeded): 500, 503, 429, dropped and cut connections,
# malformed bodies.  Each fault costs one retry; nothing is lost.
start_fake --fault-rate 0.3 --fault-kinds 500,503,429,drop,close,malformed --seed 11
expect_exit 0 "$VERIPREF" llm --no-cache --model m --llm-concurrency 8 --max-attempts 20 \
	$FAST --prompts prompts.txt
cmp -s out want.txt || fail "faults lost or reordered replies"
stop_fake
faults=$(fake_stat faults)
[ "$faults" -ge 5 ] || fail "only $faults faults injected; the test proves little"
expect_eq "one retry per fault" "$(fake_stat requests)" $((40 + faults))
expect_grep "requests: $((40 + faults)) \($faults retries" err

# The rate limit spaces request starts; every reply still arrives.
head -n 5 prompts.txt >five.txt
head -n 10 want.txt >want5.txt
start_fake
expect_exit 0 "$VERIPREF" llm --no-cache --model m --rpm 3000 --llm-concurrency 8 --prompts five.txt
cmp -s out want5.txt || fail "rate-limited replies missing"
stop_fake
expect_eq "rate-limited requests" "$(fake_stat requests)" 5
