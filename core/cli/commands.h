/* Subcommands of the auditfeed binary; main.c dispatches to these.
 * Each returns the process exit code (0 ok, 1 some items failed, 2 usage,
 * config or startup error). */
#ifndef AF_COMMANDS_H
#define AF_COMMANDS_H

int af__cmd_run(int argc, char **argv);
int af__cmd_check_config(int argc, char **argv);
int af__cmd_plugins(int argc, char **argv);
int af__cmd_extract(int argc, char **argv);
int af__cmd_feed(int argc, char **argv);
int af__cmd_spool(int argc, char **argv);
int af__cmd_status(int argc, char **argv);
int af__cmd_cluster(int argc, char **argv);
int af__cmd_worker(int argc, char **argv);

#endif /* AF_COMMANDS_H */
