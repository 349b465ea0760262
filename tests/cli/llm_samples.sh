# n > 1: one request when the server honours n; when it ignores n (llama.cpp,
# Ollama) the missing samples are asked one by one with seeds seed+index.
# finish_reason "length" is kept and flagged.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

start_fake
expect_exit 0 "$VERIPREF" llm --no-cache --model m -n 3 --seed 5 "hi"
expect_eq "n honoured" "$(cat out)" "=== prompt 1 sample 1 ===
echo seed=5 choice=0: hi
=== prompt 1 sample 2 ===
echo seed=5 choice=1: hi
=== prompt 1 sample 3 ===
echo seed=5 choice=2: hi"
expect_grep 'requests: 1 \(0 retries, 0 fallbacks\)' err
stop_fake
expect_eq "one request" "$(fake_stat requests)" 1

start_fake --ignore-n --log requests.log
expect_exit 0 "$VERIPREF" llm --no-cache --model m -n 3 --seed 5 "hi"
expect_eq "n ignored" "$(cat out)" "=== prompt 1 sample 1 ===
echo seed=5: hi
=== prompt 1 sample 2 ===
echo seed=6: hi
=== prompt 1 sample 3 ===
echo seed=7: hi"
expect_grep 'requests: 3 \(0 retries, 2 fallbacks\)' err
stop_fake
expect_eq "three requests" "$(fake_stat requests)" 3
expect_eq "first asks n" "$(sed -n 1p requests.log | cut -f2)" \
	'{"model":"m","messages":[{"role":"user","content":"hi"}],"n":3,"seed":5}'
# Fallbacks carry no n; their order depends on scheduling, so sort them.
expect_eq "fallback bodies" "$(sed -n '2,3p' requests.log | cut -f2 | sort)" \
'{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":6}
{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":7}'

# Without a seed the fallbacks still get distinct ones (0 + index).
start_fake --ignore-n
expect_exit 0 "$VERIPREF" llm --no-cache --model m -n 2 --json "u"
expect_eq "unseeded fallback" "$(cat out)" '{"prompt":1,"sample":1,"content":"echo: u","finish_reason":"stop","truncated":false,"cached":false}
{"prompt":1,"sample":2,"content":"echo seed=1: u","finish_reason":"stop","truncated":false,"cached":false}'
stop_fake

# --no-n-fallback: the short answer is an error, the sample obtained is kept.
start_fake --ignore-n
expect_exit 3 "$VERIPREF" llm --no-cache --model m -n 3 --no-n-fallback "hi"
expect_eq "kept sample" "$(cat out)" "=== prompt 1 sample 1 ===
echo: hi"
expect_grep '^veripref: error: the server returned 1 of 3 samples$' err
stop_fake
expect_eq "no fallback requests" "$(fake_stat requests)" 1

# A fallback that fails transiently is retried like any request.
start_fake --ignore-n --fault 2:503 --fault 3:503
expect_exit 0 "$VERIPREF" llm --no-cache --model m -n 2 --seed 9 $FAST "r"
expect_eq "fallback retried" "$(cat out)" "=== prompt 1 sample 1 ===
echo seed=9: r
=== prompt 1 sample 2 ===
echo seed=10: r"
stop_fake
expect_eq "fallback retry requests" "$(fake_stat requests)" 4

# finish_reason "length": the cut reply is kept, flagged, and exit is 0.
start_fake --fault 1:length
expect_exit 0 "$VERIPREF" llm --no-cache --model m --json "hello world"
expect_eq "truncated json" "$(cat out)" '{"prompt":1,"sample":1,"content":"echo: hel","finish_reason":"length","truncated":true,"cached":false}'
expect_grep '^veripref: warning: prompt 1 sample 1: reply truncated \(finish_reason "length"\)$' err
stop_fake
expect_eq "truncation not retried" "$(fake_stat requests)" 1
