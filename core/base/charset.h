/* Text decoding for fetched bodies: find the declared charset (BOM, HTTP
 * header, <meta charset>, http-equiv, <?xml encoding?>) and convert to
 * UTF-8 with iconv, replacing undecodable bytes with U+FFFD so that no
 * invalid UTF-8 ever reaches a parser.  Any thread.
 *
 * Ownership: *out and *used are malloc'd and owned by the caller.
 */
#ifndef AF_CHARSET_H
#define AF_CHARSET_H

#include <stddef.h>

/* 1 when a body of this media type (lower-case, no parameters) is text
 * that should be decoded to UTF-8. */
int af__charset_is_text(const char *media_type);

/* Decode `in` to UTF-8.  `header_charset` is the charset parameter of the
 * Content-Type header or NULL.  When the document declares its own charset
 * in-band (meta or XML declaration) the declaration is rewritten to say
 * utf-8, so a later parser does not decode it a second time.  *used gets
 * the charset that was applied (lower-case), or NULL when the body was
 * taken as UTF-8 by default.  HTML or plain text that declares nothing and
 * is not valid UTF-8 is read as Windows-1252, as browsers do.  Returns 0
 * or AF_ENOMEM. */
int af__charset_to_utf8(const char *in, size_t len, const char *media_type,
                       const char *header_charset, char **out, size_t *outlen,
                       char **used);

/* 1 when [s, s+len) is well-formed UTF-8. */
int af__utf8_valid(const char *s, size_t len);

#endif /* AF_CHARSET_H */
