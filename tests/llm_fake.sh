# Helpers for tests/cli/llm_*.sh and tests/bench/llm.sh: start and stop the
# loopback fake OpenAI server (tests/bin/fake_openai.c).  Source after lib.sh.
# Needs $BUILD.  The server is stopped by its saved PID, never by name, and
# exits by itself after --idle-exit seconds if a test dies before stopping it.

FAKE_PID=
# Keep every test away from the user's real cache.
XDG_CACHE_HOME=$PWD/xdg-cache
export XDG_CACHE_HOME
unset OPENAI_API_KEY

# start_fake [fake_openai options...]: sets FAKE_PID, PORT, BASE, OPENAI_BASE_URL.
start_fake() {
	stop_fake
	rm -f port stats
	"$BUILD/bin/fake_openai" --port-file port --stats-file stats --idle-exit 60 "$@" \
		>fake.out 2>fake.err &
	FAKE_PID=$!
	n=0
	while [ ! -s port ]; do
		n=$((n + 1))
		[ $n -le 400 ] || fail "fake server did not start: $(cat fake.err)"
		kill -0 "$FAKE_PID" 2>/dev/null || fail "fake server died: $(cat fake.err)"
		sleep 0.025
	done
	PORT=$(cat port)
	BASE="http://127.0.0.1:$PORT/v1"
	OPENAI_BASE_URL=$BASE
	export OPENAI_BASE_URL
	trap stop_fake EXIT
}

# stop_fake: SIGTERM the server (it writes ./stats) and wait for it.
stop_fake() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		FAKE_PID=
	fi
}

# fake_stat NAME: a counter from ./stats (stop_fake first).
fake_stat() {
	sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" stats
}

# Small backoffs so retry tests stay fast.
FAST="--backoff-base 0.01 --backoff-max 0.02 --jitter-seed 1"

# fake_snapshot: ask the running server for ./stats (SIGUSR1), which also
# restarts its counters, so each snapshot counts what happened since the last.
fake_snapshot() {
	rm -f stats
	kill -USR1 "$FAKE_PID" || fail "fake server is gone"
	n=0
	while [ ! -s stats ]; do
		n=$((n + 1))
		[ $n -le 400 ] || fail "fake server wrote no stats"
		sleep 0.025
	done
}
