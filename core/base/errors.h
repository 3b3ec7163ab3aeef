/* Messages and names for AF_E* codes (include/auditfeed/errno.h). */
#ifndef AF_ERRORS_H
#define AF_ERRORS_H

#include <auditfeed/errno.h>

const char *af_strerror(int err); /* never NULL; static storage */
const char *af_err_name(int err); /* "AF_ENOMEM" */

#endif /* AF_ERRORS_H */
