# veripref llm against the fake server: ping, one prompt, the exact request
# body and headers, usage errors, and an unreachable endpoint.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

start_fake --models alpha,beta --log requests.log

expect_exit 0 "$VERIPREF" llm --ping
expect_eq "ping output" "$(cat out)" "$BASE answers; 2 models
alpha
beta"

expect_exit 0 "$VERIPREF" llm --no-cache --model m "hello world"
expect_eq "reply" "$(cat out)" "echo: hello world"
expect_eq "usage" "$(cat err)" "tokens: 2 prompt + 3 completion; requests: 1 (0 retries, 0 fallbacks); cached samples: 0"

# The exact JSON body, and the key sent as a Bearer token and nowhere else.
OPENAI_API_KEY=sk-test-secret-42 expect_exit 0 "$VERIPREF" llm --no-cache --model qwen \
	--system "Be brief." --temperature 0.2 --top-p 0.9 --max-tokens 64 --seed 3 \
	--stop END "two words"
expect_eq "seeded reply" "$(cat out)" "echo seed=3: two words"
expect_no_grep 'sk-test' err
expect_no_grep 'sk-test' out
expect_eq "request line" "$(sed -n 2p requests.log)" "$(printf 'Bearer sk-test-secret-42\t{"model":"qwen","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"two words"}],"temperature":0.2,"top_p":0.9,"max_tokens":64,"seed":3,"stop":["END"]}')"
expect_eq "no key, no header" "$(sed -n 1p requests.log | cut -f1)" "-"

expect_exit 0 "$VERIPREF" llm --no-cache --model m --max-tokens 5 --max-completion-tokens "x"
expect_eq "max_completion_tokens" "$(sed -n 3p requests.log | cut -f2)" \
	'{"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":5}'

# --base-url wins over OPENAI_BASE_URL; a trailing slash is fine.
OPENAI_BASE_URL=http://127.0.0.1:1/v1 expect_exit 0 "$VERIPREF" llm --no-cache --model m \
	--base-url "$BASE/" "flag wins"
expect_eq "base-url flag" "$(cat out)" "echo: flag wins"

# JSON output.
expect_exit 0 "$VERIPREF" llm --no-cache --json --model m "as json"
expect_eq "json" "$(cat out)" '{"prompt":1,"sample":1,"content":"echo: as json","finish_reason":"stop","truncated":false,"cached":false}'

stop_fake
expect_eq "requests seen" "$(fake_stat requests)" 5

# Usage errors.
expect_exit 2 "$VERIPREF" llm "no model"
expect_grep '^veripref: error: --model is required' err
expect_exit 2 "$VERIPREF" llm --model m
expect_grep 'no prompt given' err
expect_exit 2 "$VERIPREF" llm --model m --temperature hot x
expect_grep "temperature needs a number in \[0, 10\], not 'hot'" err
expect_exit 2 "$VERIPREF" llm --model m -n 0 x
expect_exit 2 "$VERIPREF" llm --model m --prompts missing.txt --bench 3
expect_exit 3 "$VERIPREF" llm --model m --prompts missing.txt
expect_grep "^veripref: error: cannot read 'missing.txt': No such file or directory" err

# Nobody listening: ping and a prompt both fail with exit 3 and say where.
expect_exit 3 "$VERIPREF" llm --ping --base-url http://127.0.0.1:1/v1 --connect-timeout 2
expect_grep '^veripref: error: cannot reach http://127.0.0.1:1/v1/models: ' err
expect_exit 3 "$VERIPREF" llm --no-cache --model m --base-url http://127.0.0.1:1/v1 \
	--max-attempts 2 $FAST "hi"
expect_grep '^veripref: error: gave up after 2 attempts: cannot talk to http://127.0.0.1:1/v1/chat/completions: ' err
