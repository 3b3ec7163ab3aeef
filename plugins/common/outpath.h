/* Shared by the file sinks (csv, jsonl, sqlite): whether an output path
 * could be written, found out without creating or opening anything for
 * writing (their check callbacks), and making its directories. */
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

/* Creates the missing parent directories of `path` (mode 0755), so that a
 * fresh checkout can run the sample config without a manual mkdir of
 * var/.  0, or a negative errno (AF_ENOMEM). */
int outpath_make_parents(const char *path);

/* 1 when `path` names a gzip file (ends in .gz): the sinks then write
 * gzip members. */
int outpath_is_gzip(const char *path);

#endif /* AF_PLUGIN_OUTPATH_H */
