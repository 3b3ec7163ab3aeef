/* Shared by the fuzz harnesses: libFuzzer's entry points, and the bytes of
 * an input as a file for the parsers that only read files (config, spool,
 * WARC).  Each harness is built twice: with libFuzzer (-DAF_FUZZ=ON, clang)
 * and, in the ordinary builds, with replay_main.c, which feeds it the seeds
 * and every saved crash as a regression test. */
#ifndef AF_FUZZ_UTIL_H
#define AF_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A private directory for this process, removed at exit. */
const char *fz_tmpdir(void);
/* Writes data to TMPDIR/name; returns the path (static buffer). */
const char *fz_file(const char *name, const uint8_t *data, size_t size);
/* The input as a NUL-terminated string (caller frees). */
char *fz_str(const uint8_t *data, size_t size);

#endif /* AF_FUZZ_UTIL_H */
