/* Sources isolated in a child process (see isolate.c).  Loop thread. */
#ifndef AF_ISOLATE_H
#define AF_ISOLATE_H

#include "doc.h"

struct af_inst;

/* The process's own command line, which a child repeats (from main). */
void af__isolate_set_argv(int argc, char **argv);

/* Parent: make `in` a proxy that runs its plugin in a child process.
 * Frees the plugin's context; 0 or AF_ENOMEM. */
int af__isolate_setup(struct af_inst *in);

/* Child: one line each to the parent on fd.  0 or AF_EIO/AF_ENOMEM. */
int af__isolate_send_doc(int fd, const af__doc *d);
int af__isolate_send_done(int fd, long failed);
int af__isolate_send_validators(int fd, const char *url, const char *etag,
                               const char *last_modified);

#endif /* AF_ISOLATE_H */
