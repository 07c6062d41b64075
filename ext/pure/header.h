/*
** header.h: parsing an HTTP Authorization header the way DRF's TokenAuthentication does.
**
** Pure C, no SQLite: the rules of ../shared/DESIGN.md section 2, steps 1-5, on raw bytes.
*/
#ifndef AUTHTOKEN_HEADER_H
#define AUTHTOKEN_HEADER_H

#include <stddef.h>

/* What a header amounts to before any database lookup. */
enum header_outcome {
  HEADER_NOT_OURS,        /* no parts, or another scheme: DRF returns None */
  HEADER_NO_CREDENTIALS,  /* the keyword alone */
  HEADER_SPACES,          /* three or more parts */
  HEADER_INVALID_CHARS,   /* the key is not strict UTF-8 */
  HEADER_KEY              /* a key to look up: key/key_len are set */
};

struct header_parse {
  enum header_outcome outcome;
  const unsigned char *key; /* points into the header; valid while it is */
  size_t key_len;
};

/* Parses header[0..len) for the scheme `keyword` (ASCII, matched case-insensitively, whole).
** Returns the outcome; fills *out. */
enum header_outcome header_parse(const unsigned char *header, size_t len,
                                 const char *keyword, struct header_parse *out);

/* DRF's message for a failing outcome, or NULL for HEADER_NOT_OURS and HEADER_KEY. */
const char *header_message(enum header_outcome outcome);

/* 1 if bytes[0..len) is valid UTF-8 as Python's strict decoder sees it, else 0. */
int header_utf8_valid(const unsigned char *bytes, size_t len);

/* 1 for the six bytes Python's bytes.split() separates on, else 0. */
int header_is_separator(unsigned char c);

#endif
