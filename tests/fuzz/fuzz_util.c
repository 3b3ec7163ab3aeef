/* Helpers for the fuzz harnesses (fuzz_util.h). */
#include "fuzz_util.h"

#include <ftw.h>
#include <sys/stat.h>

/* A private directory for this process, made once, removed at exit. */
static char fz_dir[256];

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void fz_cleanup(void) {
  if (fz_dir[0] && nftw(fz_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS))
    fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
}

const char *fz_tmpdir(void) {
  if (!fz_dir[0]) {
    const char *base = getenv("TMPDIR");
    snprintf(fz_dir, sizeof(fz_dir), "%s/af-fuzz-XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(fz_dir)) {
      perror("fuzz: mkdtemp");
      abort();
    }
    atexit(fz_cleanup);
  }
  return fz_dir;
}

/* Writes data to DIR/name and returns the path (static buffer). */
const char *fz_file(const char *name, const uint8_t *data, size_t size) {
  static char path[512];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", fz_tmpdir(), name);
  f = fopen(path, "wb");
  if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
    perror("fuzz: writing the input file");
    abort();
  }
  return path;
}

/* The input as a NUL-terminated string (caller frees). */
char *fz_str(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s)
    abort();
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

