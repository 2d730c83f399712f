/*
 * html_json.h - JSON written into an HTML <script> element, over xml_out's
 * buffer.
 *
 * Inside a script element the HTML parser ends the element at the first
 * "</script" and treats "<!--" specially, whatever the JSON means; and
 * U+2028/U+2029 end a line in older JavaScript.  So strings escape '<',
 * '>' and '&' as \u003c \u003e \u0026 and U+2028/U+2029 as \u2028 \u2029
 * (no raw '<' ever appears in the data), besides JSON's own '"', '\\' and
 * control characters; invalid UTF-8 becomes \ufffd.  Numbers are digits.
 */
#ifndef PK_RENDER_HTML_JSON_H
#define PK_RENDER_HTML_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../xml_out.h"

/* A JSON string of s[0..n), script-safe as above. */
void hj_string(xml_out *o, const char *s, size_t n);
/* A NUL-terminated string; NULL writes null. */
void hj_cstr(xml_out *o, const char *s);
/* "key": (a literal key, not escaped: keys are ours). */
void hj_key(xml_out *o, const char *key);
/* A double as JSON (up to 4 significant digits for p-values etc.; non-finite -> null). */
void hj_double(xml_out *o, double v);

#endif
