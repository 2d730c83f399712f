/*
 * bounded_regex.c - input-file patterns through PCRE2 with every limit set
 * (see bounded_regex.h).
 *
 * Compiling: the pattern length and parenthesis depth are checked by PCRE2
 * (max_pattern_length, parens_nest_limit); its memory comes from a general
 * context whose allocator counts live bytes and refuses past
 * PK_RX_MAX_COMPILE_MEMORY; PCRE2 itself refuses compiled programs over
 * its link-size limit ("regular expression is too large"), which is where
 * nested counted repetitions end.  Matching: one match context with the
 * match (work) and heap limits; the match data is made once per pattern.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/bounded_regex.h"

struct pk_bounded_rx {
  pcre2_code *code;
  pcre2_match_data *match;
  pcre2_match_context *limits;
  pcre2_general_context *memory;
  size_t live;  /* bytes the compile allocator has handed out */
};

/* Each block carries its size in front so that free can uncount it. */
typedef union block_header {
  size_t size;
  max_align_t align;
} block_header;

static void *counted_malloc(size_t size, void *data) {
  pk_bounded_rx *rx = data;
  if (size > PK_RX_MAX_COMPILE_MEMORY || rx->live + size > PK_RX_MAX_COMPILE_MEMORY) return NULL;
  block_header *h = malloc(sizeof *h + size);
  if (!h) return NULL;
  h->size = size;
  rx->live += size;
  return h + 1;
}

static void counted_free(void *block, void *data) {
  if (!block) return;
  pk_bounded_rx *rx = data;
  block_header *h = (block_header *)block - 1;
  rx->live -= h->size;
  free(h);
}

void pk_bounded_rx_free(pk_bounded_rx *rx) {
  if (!rx) return;
  pcre2_match_data_free(rx->match);
  pcre2_match_context_free(rx->limits);
  pcre2_code_free(rx->code);
  pcre2_general_context_free(rx->memory);
  free(rx);
}

static bool is_bound_error(int code) {
  return code == PCRE2_ERROR_PATTERN_TOO_LARGE || code == PCRE2_ERROR_HEAP_FAILED ||
         code == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP || code == PCRE2_ERROR_PATTERN_TOO_COMPLICATED ||
         code == PCRE2_ERROR_PATTERN_STRING_TOO_LONG;
}

pk_rx_status pk_bounded_rx_compile(pk_bounded_rx **out, const char *pattern, size_t len, char *why,
                                   size_t why_size) {
  *out = NULL;
  if (len > PK_RX_MAX_PATTERN) {
    snprintf(why, why_size, "pattern of %zu bytes exceeds the bound of %d", len, PK_RX_MAX_PATTERN);
    return PK_RX_TOO_BIG;
  }
  pk_bounded_rx *rx = calloc(1, sizeof *rx);
  if (!rx) return PK_RX_NOMEM;
  rx->memory = pcre2_general_context_create(counted_malloc, counted_free, rx);
  pcre2_compile_context *cc = rx->memory ? pcre2_compile_context_create(rx->memory) : NULL;
  if (!cc) {
    pk_bounded_rx_free(rx);
    return PK_RX_NOMEM;
  }
  pcre2_set_max_pattern_length(cc, PK_RX_MAX_PATTERN);
  pcre2_set_parens_nest_limit(cc, PK_RX_MAX_NESTING);
  int code;
  PCRE2_SIZE offset;
  rx->code = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_NEVER_BACKSLASH_C,
                           &code, &offset, cc);
  pcre2_compile_context_free(cc);
  if (!rx->code) {
    PCRE2_UCHAR message[160];
    if (pcre2_get_error_message(code, message, sizeof message) < 0) strcpy((char *)message, "unknown error");
    bool bound = is_bound_error(code);
    snprintf(why, why_size, "%s%s (at byte %zu)", bound ? "exceeds a bound: " : "", (const char *)message,
             (size_t)offset);
    pk_bounded_rx_free(rx);
    return bound ? PK_RX_TOO_BIG : PK_RX_INVALID;
  }
  rx->limits = pcre2_match_context_create(NULL);
  rx->match = pcre2_match_data_create_from_pattern(rx->code, NULL);
  if (!rx->limits || !rx->match) {
    pk_bounded_rx_free(rx);
    return PK_RX_NOMEM;
  }
  pcre2_set_match_limit(rx->limits, PK_RX_MATCH_LIMIT);
  pcre2_set_depth_limit(rx->limits, PK_RX_MATCH_LIMIT);
  pcre2_set_heap_limit(rx->limits, PK_RX_HEAP_LIMIT_KIB);
  *out = rx;
  return PK_RX_OK;
}

int pk_bounded_rx_match(pk_bounded_rx *rx, const char *subject, size_t len) {
  int rc = pcre2_match(rx->code, (PCRE2_SPTR)subject, len, 0, 0, rx->match, rx->limits);
  if (rc >= 0) return 1;
  if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL) return 0;
  return PK_RX_TOO_BIG;
}
