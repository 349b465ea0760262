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
int cmd_tbcheck(int argc, char **argv);
int cmd_swgrade(int argc, char **argv);

#endif
