# The response cache: a rerun costs zero requests and prints identical text;
# --refresh and --no-cache bypass it; the API key is not part of the key and
# never stored; a failed prompt does not lose its neighbours' replies.
# One server for the whole test: the base URL is part of the cache key.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

printf 'alpha one\nbeta two\ngamma three\n' >prompts.txt
cat >script.jsonl <<'JSON'
{"match": "delta", "fault": "400", "times": 1}
JSON
start_fake --script script.jsonl --log requests.log

OPENAI_API_KEY=sk-cache-secret-1 expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 \
	--prompts prompts.txt
cp out first.out
expect_grep 'requests: 3 ' err
fake_snapshot
expect_eq "first run" "$(fake_stat requests)" 3
[ -s xdg-cache/veripref/llm-cache.db ] || fail "default cache file not created under XDG_CACHE_HOME"
expect_no_grep 'sk-cache-secret' xdg-cache/veripref/llm-cache.db
[ ! -e xdg-cache/veripref/llm-cache.db-wal ] || expect_no_grep 'sk-cache-secret' xdg-cache/veripref/llm-cache.db-wal

# Rerun with another key: still served from the cache, byte for byte.
OPENAI_API_KEY=sk-other-key expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 \
	--prompts prompts.txt
cmp -s out first.out || fail "cached rerun printed different text"
expect_eq "cached usage" "$(cat err)" "tokens: 0 prompt + 0 completion; requests: 0 (0 retries, 0 fallbacks); cached samples: 6"
fake_snapshot
expect_eq "rerun requests" "$(fake_stat requests)" 0

# More samples than cached: only the new one is asked, with its own seed.
: >requests.log
expect_exit 0 "$VERIPREF" llm --model m -n 3 --seed 1 "alpha one"
expect_eq "third sample" "$(sed -n '6p' out)" "echo seed=3: alpha one"
fake_snapshot
expect_eq "only the missing sample" "$(fake_stat requests)" 1
expect_eq "missing sample body" "$(cut -f2 requests.log)" \
	'{"model":"m","messages":[{"role":"user","content":"alpha one"}],"seed":3}'

# Any parameter change is a different key.
expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 2 --prompts prompts.txt
expect_exit 0 "$VERIPREF" llm --model m2 -n 2 --seed 1 --prompts prompts.txt
expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 --temperature 0.5 --prompts prompts.txt
expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 --system "sys" --prompts prompts.txt
fake_snapshot
expect_eq "changed parameters" "$(fake_stat requests)" 12

# --refresh asks again (and rewrites); --no-cache neither reads nor writes.
expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 --refresh --prompts prompts.txt
cmp -s out first.out || fail "refreshed text differs"
expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 --no-cache --prompts prompts.txt
expect_exit 0 "$VERIPREF" llm --model m -n 2 --seed 1 --prompts prompts.txt
expect_grep 'requests: 0 ' err
fake_snapshot
expect_eq "refresh and no-cache" "$(fake_stat requests)" 6

# An explicit cache file; a prompt that fails does not lose the others, and
# the rerun asks only for the failed one.
printf 'alpha one\ndelta four\ngamma three\n' >prompts2.txt
expect_exit 3 "$VERIPREF" llm --cache own.db --model m --prompts prompts2.txt
expect_eq "survivors" "$(cat out)" "=== prompt 1 sample 1 ===
echo: alpha one
=== prompt 3 sample 1 ===
echo: gamma three"
expect_grep "^veripref: error: prompt 2: HTTP 400: This model's maximum context length" err
fake_snapshot
expect_eq "failing run" "$(fake_stat requests)" 3
expect_exit 0 "$VERIPREF" llm --cache own.db --model m --prompts prompts2.txt
expect_grep 'requests: 1 .*cached samples: 2$' err
expect_grep '^echo: delta four$' out
fake_snapshot
expect_eq "only the failed prompt again" "$(fake_stat requests)" 1
stop_fake

# An unusable cache file is a clear runtime error.
expect_exit 3 "$VERIPREF" llm --cache no/such/dir/c.db --model m "x"
expect_grep "^veripref: error: cannot open LLM cache 'no/such/dir/c.db': " err
