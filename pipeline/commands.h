/*
 * commands: the entry point of every subcommand, one per pipeline/cmd_*.c.
 *
 * Each takes the argv that follows "veripref" (argv[0] is the command name),
 * parses its own options, and returns an exit code from cli.h.  main.c holds
 * the table that maps names to these functions.
 */
#ifndef VP_COMMANDS_H
#define VP_COMMANDS_H

int cmd_version(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_tasks(int argc, char **argv);
int cmd_llm(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_pairs(int argc, char **argv);
int cmd_mutate(int argc, char **argv);
int cmd_tbgen(int argc, char **argv);
/* tbgen --kind llm (pipeline/cmd_tbgen_llm.c); cmd_tbgen() dispatches to it. */
int cmd_tbgen_llm(int argc, char **argv);
int cmd_tbcheck(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/*
 * The RUN form of a stage command (cmd_run.c): `veripref <stage> RUN
 * [grading options]` runs that stage (after the earlier ones not done yet)
 * with the settings stored in RUN.  cmd_run_is_run_form() tells whether an
 * argument of argv (after argv[0]) is a run directory; grade, score and
 * pairs call it first and hand over to cmd_run_stage() when it is.
 */
int cmd_run_stage(const char *stage, int argc, char **argv);
int cmd_run_is_run_form(int argc, char **argv);
int cmd_swgrade(int argc, char **argv);

#endif
