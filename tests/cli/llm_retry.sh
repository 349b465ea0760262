# What must be retried is retried: every transient fault of the fake server,
# once or twice, then a good reply.  The server's request count proves how
# many attempts were made; the reply proves nothing was lost.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

# retried KIND [server options]: fault on request 1 and 2, success on 3.
retried() {
	kind=$1
	shift
	start_fake --fault "1:$kind" --fault "2:$kind" "$@"
	expect_exit 0 "$VERIPREF" llm --no-cache --model m $FAST --timeout 1 "hello $kind"
	expect_eq "$kind: reply" "$(cat out)" "echo: hello $kind"
	expect_grep "requests: 3 \(2 retries, 0 fallbacks\)" err
	stop_fake
	expect_eq "$kind: requests seen" "$(fake_stat requests)" 3
}

retried 429 --retry-after-ms 20
retried 500
retried 502
retried 503
retried loading
retried 408
retried 409
retried drop
retried close
retried malformed
retried nochoices
# A reply slower than the client's timeout (1 s) is abandoned and retried.
retried delay --fault-delay-ms 3000

# Retry-After in seconds is honoured (1 s here; the unit tests check the value).
start_fake --fault 1:429 --retry-after 1
expect_exit 0 "$VERIPREF" llm --no-cache --model m $FAST "after"
expect_eq "retry-after reply" "$(cat out)" "echo: after"
stop_fake
expect_eq "retry-after requests" "$(fake_stat requests)" 2

# Attempts are capped: three 500s with --max-attempts 3 is a failure that
# quotes the server.
start_fake --fault 1:500 --fault 2:500 --fault 3:500
expect_exit 3 "$VERIPREF" llm --no-cache --model m $FAST --max-attempts 3 "doomed"
expect_eq "gave up" "$(head -n 1 err)" "veripref: error: gave up after 3 attempts: HTTP 500: The server had an error while processing your request (type server_error)"
expect_eq "no reply printed" "$(cat out)" ""
stop_fake
expect_eq "capped requests" "$(fake_stat requests)" 3

# llama.cpp's 503 "Loading model" every time: retried up to the cap, then reported.
start_fake --fault 1:loading --fault 2:loading
expect_exit 3 "$VERIPREF" llm --no-cache --model m $FAST --max-attempts 2 "loading"
expect_grep '^veripref: error: gave up after 2 attempts: HTTP 503: Loading model \(type unavailable_error, code 503\)$' err
stop_fake

# A timeout every time says so.
start_fake --fault 1:delay --fault 2:delay --fault-delay-ms 3000
expect_exit 3 "$VERIPREF" llm --no-cache --model m $FAST --max-attempts 2 --timeout 0.3 "slow"
expect_grep '^veripref: error: gave up after 2 attempts: no reply from http://127.0.0.1:[0-9]+/v1/chat/completions within 0.3 s$' err
stop_fake
