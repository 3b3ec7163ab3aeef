/* Runs a fuzz harness over files and directories (recursively) without
 * libFuzzer: the seed corpora and tests/fuzz/regress/TARGET, every input
 * that once crashed, replayed in the ordinary and sanitizer builds. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static long n_inputs;

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  long n;
  if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    if (f)
      fclose(f);
    return 1;
  }
  buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    free(buf);
    fclose(f);
    return 1;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, (size_t)n);
  free(buf);
  n_inputs++;
  return 0;
}

static int run_path(const char *path) {
  struct stat st;
  DIR *d;
  struct dirent *de;
  int rc = 0;
  if (stat(path, &st)) {
    fprintf(stderr, "replay: no such input %s\n", path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode))
    return run_file(path);
  if (!(d = opendir(path)))
    return 1;
  while ((de = readdir(d))) {
    char sub[4096];
    if (de->d_name[0] == '.')
      continue;
    snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
    rc |= run_path(sub);
  }
  closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  int rc = 0;
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; i++)
    rc |= run_path(argv[i]);
  printf("replayed %ld inputs\n", n_inputs);
  return rc || n_inputs == 0;
}
