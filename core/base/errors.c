/* af_strerror / af_err_name: generated from the one AF_ERRNO_MAP list. */
#include "errors.h"

#include <stdio.h>
#include <string.h>

const char *af_strerror(int err) {
  switch (err) {
  case 0:
    return "success";
#define AF_STRERROR_GEN(name, val, msg) \
  case AF_##name:                       \
    return msg;
    AF_ERRNO_MAP(AF_STRERROR_GEN)
#undef AF_STRERROR_GEN
  default:
    break;
  }
  /* Plain -errno values outside the map still get the system's text. */
  if (err < 0 && err > -4096)
    return strerror(-err);
  return "unknown error";
}

const char *af_err_name(int err) {
  switch (err) {
  case 0:
    return "OK";
#define AF_ERRNAME_GEN(name, val, msg) \
  case AF_##name:                      \
    return "AF_" #name;
    AF_ERRNO_MAP(AF_ERRNAME_GEN)
#undef AF_ERRNAME_GEN
  default:
    return "AF_EUNKNOWN";
  }
}
