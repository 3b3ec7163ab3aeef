/* auditfeed error codes.
 *
 * Every function of the core and of the plugin ABI that can fail returns
 * an int: >= 0 on success (often a count), a negative AF_E* code on error.
 * Codes that mirror errno values are -errno, so af_strerror() and
 * strerror() agree on them.  One X-macro list generates the enum and the
 * message table, so a code can never lack a message.
 */
#ifndef AUDITFEED_ERRNO_H
#define AUDITFEED_ERRNO_H

#include <errno.h>

#define AF_ERRNO_MAP(XX)                                                     \
  XX(ENOMEM,   -ENOMEM,  "out of memory")                                    \
  XX(EINVAL,   -EINVAL,  "invalid argument")                                 \
  XX(ENOENT,   -ENOENT,  "no such file or directory")                        \
  XX(EIO,      -EIO,     "input/output error")                               \
  XX(EACCES,   -EACCES,  "permission denied")                                \
  XX(EEXIST,   -EEXIST,  "already exists")                                   \
  XX(ENOSPC,   -ENOSPC,  "no space left on device")                          \
  XX(EAGAIN,   -EAGAIN,  "resource temporarily unavailable")                 \
  XX(ETIMEDOUT,-ETIMEDOUT,"timed out")                                       \
  XX(ECANCELED,-ECANCELED,"operation cancelled")                             \
  XX(E2BIG,    -E2BIG,   "input exceeds a configured limit")                 \
  XX(ENOSYS,   -ENOSYS,  "not supported by this plugin or host")             \
  XX(ECONFIG,   -1001,    "configuration error")                              \
  XX(EABI,      -1002,    "plugin ABI mismatch")                              \
  XX(EPLUGIN,   -1003,    "plugin error")                                     \
  XX(EPARSE,    -1004,    "malformed input")                                  \
  XX(EHTTP,     -1005,    "HTTP error status")                                \
  XX(ENET,      -1006,    "network error")                                    \
  XX(EREFUSED,  -1007,    "refused by policy")                                \
  XX(EROBOTS,   -1008,    "disallowed by robots.txt")                         \
  XX(ELIMIT,    -1009,    "document exceeds a safety limit")                  \
  XX(EDB,       -1010,    "database error")                                   \
  XX(ESTATE,    -1011,    "state store error")

typedef enum af_errno {
#define AF_ERRNO_GEN(name, val, msg) AF_##name = (val),
  AF_ERRNO_MAP(AF_ERRNO_GEN)
#undef AF_ERRNO_GEN
  AF_OK = 0
} af_errno;

#endif /* AUDITFEED_ERRNO_H */
