# --extract: the code block in the requested language from a scripted reply;
# an unterminated fence (the model ran out of tokens) is flagged.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

cat >script.jsonl <<'JSON'
{"match": "counter", "reply": "Here you go:\n```python\nprint(1)\n```\nand the RTL:\n```verilog\nmodule counter(input clk);\nendmodule\n```\nDone."}
{"match": "adder", "reply": "```systemverilog\r\nmodule adder;\r\n  assign y = a +", "finish_reason": "length"}
{"match": "bare", "reply": "module bare;\nendmodule"}
{"match": "refuse", "reply": "I would rather not."}
JSON
start_fake --script script.jsonl

expect_exit 0 "$VERIPREF" llm --no-cache --model m --extract verilog "write a counter"
expect_eq "verilog block" "$(cat out)" "module counter(input clk);
endmodule"
expect_exit 0 "$VERIPREF" llm --no-cache --model m --extract python "write a counter"
expect_eq "python block" "$(cat out)" "print(1)"

expect_exit 0 "$VERIPREF" llm --no-cache --model m --extract verilog --json "an adder"
expect_eq "truncated json" "$(cat out)" '{"prompt":1,"sample":1,"content":"```systemverilog\r\nmodule adder;\r\n  assign y = a +","finish_reason":"length","truncated":true,"cached":false,"code":"module adder;\n  assign y = a +\n","extract":"truncated"}'
expect_grep 'reply truncated \(finish_reason "length"\)' err
expect_grep '^veripref: warning: prompt 1 sample 1: code block is not closed \(truncated\)$' err

expect_exit 0 "$VERIPREF" llm --no-cache --model m --extract v "bare module"
expect_eq "whole reply" "$(cat out)" "module bare;
endmodule"

expect_exit 0 "$VERIPREF" llm --no-cache --model m --extract verilog "refuse"
expect_eq "no code" "$(cat out)" ""
expect_grep '^veripref: warning: prompt 1 sample 1: no verilog code in the reply$' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 5
