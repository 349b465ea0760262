# What must not be retried is not: 400/401/403-style refusals and an
# exhausted quota fail after exactly one request, quoting the server.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

# refused KIND MESSAGE
refused() {
	start_fake --fault "1:$1"
	expect_exit 3 "$VERIPREF" llm --no-cache --model m $FAST "refused $1"
	expect_eq "$1: message" "$(head -n 1 err)" "veripref: error: $2"
	expect_eq "$1: no reply" "$(cat out)" ""
	expect_grep "requests: 1 \(0 retries" err
	stop_fake
	expect_eq "$1: requests seen" "$(fake_stat requests)" 1
}

refused 400 "HTTP 400: This model's maximum context length is 4096 tokens (type invalid_request_error, code context_length_exceeded)"
refused 400flat "HTTP 400: max_tokens must be at least 1"
refused 400message "HTTP 400: bad request from vllm (type BadRequestError, code 400)"
refused 401 "HTTP 401: Incorrect API key provided (type invalid_request_error, code invalid_api_key)"
refused 404 "HTTP 404: The model does not exist (type invalid_request_error, code model_not_found)"
refused quota "HTTP 429: You exceeded your current quota, please check your plan and billing details. (type insufficient_quota, code insufficient_quota)"

# A server that checks the key: the wrong one is refused once, the right one works.
start_fake --require-key sk-right
OPENAI_API_KEY=sk-wrong expect_exit 3 "$VERIPREF" llm --no-cache --model m $FAST "key"
expect_grep '^veripref: error: HTTP 401: Incorrect API key provided' err
expect_no_grep 'sk-wrong' err
OPENAI_API_KEY=sk-right expect_exit 0 "$VERIPREF" llm --no-cache --model m $FAST "key"
expect_eq "right key" "$(cat out)" "echo: key"
stop_fake
expect_eq "key requests" "$(fake_stat requests)" 2

# A reply larger than the cap is an error, not retried, and not a crash.
start_fake --script /dev/null
long=$(head -c 3000 /dev/zero | tr '\0' 'x')
expect_exit 3 "$VERIPREF" llm --no-cache --model m $FAST --max-reply-bytes 1024 "$long"
expect_grep '^veripref: error: reply from http://127.0.0.1:[0-9]+/v1/chat/completions is larger than 1024 bytes$' err
stop_fake
expect_eq "cap requests" "$(fake_stat requests)" 1
