/* Shared by the file sinks' check callbacks (jsonl, sqlite): whether an
 * output path could be written, found out without creating or opening
 * anything for writing. */
#ifndef AF_PLUGIN_OUTPATH_H
#define AF_PLUGIN_OUTPATH_H

#include <stddef.h>

/* 0 when `path` is an existing regular file this process may write, or
 * does not exist and the nearest existing directory above it lets this
 * process create what is missing.  Otherwise a negative errno, with the
 * reason (naming the path or directory at fault) in why. */
int outpath_check(const char *path, char *why, size_t n);

/* 0 when the directory that holds `path` (which exists) may have files
 * created in it, e.g. SQLite's journal; else a negative errno and why. */
int outpath_dir_writable(const char *path, char *why, size_t n);

#endif /* AF_PLUGIN_OUTPATH_H */
