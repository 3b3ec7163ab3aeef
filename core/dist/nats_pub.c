/* Publishing to JetStream (nats_pub.h). */
#include "nats_pub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <auditfeed/errno.h>

int af__nats_publish(af__nats *n, const char *subject, const char *msg_id,
                     const char *data, size_t len, const char *const *hdr,
                     size_t n_hdr, int *dup, char *err, size_t errlen) {
  natsMsg *msg = NULL;
  jsPubAck *pa = NULL;
  jsErrCode jerr = 0;
  natsStatus s;
  if (len > (size_t)INT32_MAX) {
    snprintf(err, errlen, "message for %s too large (%zu bytes)", subject, len);
    return AF_E2BIG;
  }
  s = natsMsg_Create(&msg, subject, NULL, data, (int)len);
  if (s == NATS_OK && msg_id)
    s = natsMsgHeader_Set(msg, "Nats-Msg-Id", msg_id);
  for (size_t i = 0; s == NATS_OK && i < n_hdr; i++)
    s = natsMsgHeader_Set(msg, hdr[2 * i], hdr[2 * i + 1]);
  if (s == NATS_OK)
    s = js_PublishMsg(&pa, n->js, msg, NULL, &jerr);
  if (dup)
    *dup = pa && pa->Duplicate;
  jsPubAck_Destroy(pa);
  natsMsg_Destroy(msg);
  if (s != NATS_OK) {
    char what[160];
    snprintf(what, sizeof(what), "publishing to %s", subject);
    af__nats_error(err, errlen, what, s, jerr);
    return s == NATS_NO_MEMORY ? AF_ENOMEM : AF_ENET;
  }
  return 0;
}

int af__nats_publish_frontier(af__nats *n, const af__frontier_msg *m, int *dup,
                              char *err, size_t errlen) {
  char subject[96], id[256];
  char *data = af__frontier_encode(m);
  if (!data)
    return AF_ENOMEM;
  af__nats_shard_subject(n, af__frontier_shard(m->url, n->shards), subject,
                         sizeof(subject));
  af__frontier_msg_id(m, id, sizeof(id));
  int rc = af__nats_publish(n, subject, id, data, strlen(data), NULL, 0, dup, err,
                            errlen);
  free(data);
  return rc;
}
