// vp_harness.vh — the verdict protocol between a testbench and veripref.
//
// A testbench includes this file and reports only through these macros.  Each
// grading job compiles with +define+VP_NONCE=64'h<random>, a value the
// candidate cannot know; the grader believes only lines that carry it:
//
//   @vp:<nonce as 16 hex digits>:FAIL <check name> got=<hex> exp=<hex> t=<time>
//   @vp:<nonce as 16 hex digits>:DONE <checks passed> <checks total>
//
// A job whose output lacks the tagged DONE line is incomplete and never a
// pass.  Usage inside the testbench module:
//
//   `VP_INIT                              // once, among the declarations
//   `VP_CHECK("sum_ff_cin1", sum, 8'h00)  // in procedural code: got, expected
//   `VP_DONE                              // prints the verdict and $finish-es
//
// Comparison is 4-state (===): an X or Z where a value is expected fails.
// Only the first 20 failures are printed; all are counted.  Names starting
// with vp_/VP_ are reserved for this file.
`ifndef VP_HARNESS_VH
`define VP_HARNESS_VH

`ifndef VP_NONCE
`define VP_NONCE 64'h0
`endif

`define VP_INIT \
  integer vp_total = 0; \
  integer vp_passed = 0;

`define VP_CHECK(vp_name_, vp_got_, vp_exp_) \
  begin \
    vp_total = vp_total + 1; \
    if ((vp_got_) === (vp_exp_)) \
      vp_passed = vp_passed + 1; \
    else if (vp_total - vp_passed <= 20) \
      $display("@vp:%016h:FAIL %0s got=%0h exp=%0h t=%0t", `VP_NONCE, vp_name_, vp_got_, vp_exp_, $time); \
  end

`define VP_DONE \
  begin \
    $display("@vp:%016h:DONE %0d %0d", `VP_NONCE, vp_passed, vp_total); \
    $finish; \
  end

`endif
