/* What kind of document a URL is, for the publishers whose kinds the
 * record schema names (today the NAO's: report pages, press releases,
 * PDFs).  Pure: a URL in, a static string out. */
#ifndef AF_DOC_KIND_H
#define AF_DOC_KIND_H

/* "nao_report_page", "nao_press_release", "nao_pdf", or NULL when the URL
 * says nothing (another site, a listing, not an http(s) URL). */
const char *af__doc_kind_from_url(const char *url);

#endif /* AF_DOC_KIND_H */
