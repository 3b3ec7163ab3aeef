#include "match.h"

#include <regex.h>
#include <string.h>

char *nao_match(const char *text, const char *pattern, int group) {
  regex_t re;
  regmatch_t m[4];
  char *out = NULL;
  if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE))
    return NULL;
  if (regexec(&re, text, 4, m, 0) == 0 && m[group].rm_so >= 0)
    out = strndup(text + m[group].rm_so, (size_t)(m[group].rm_eo - m[group].rm_so));
  regfree(&re);
  return out;
}
