/* Dates as feeds write them, to ISO 8601 UTC.  Any thread. */
#ifndef AF_FEED_DATE_H
#define AF_FEED_DATE_H

/* "Tue, 03 Dec 2013 10:00:00 GMT", "2013-12-03T10:00:00+01:00",
 * "2013-12-03": a malloc'd ISO 8601 UTC string ("2013-12-03T09:00:00Z"),
 * or NULL when it is not a date.  A short string such as "12" is safe. */
char *af__feed_date(const char *raw);

#endif /* AF_FEED_DATE_H */
