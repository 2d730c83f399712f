/*
 * html_internal.h - the pieces the three HTML pages share: the page shell
 * (html_page.c) and the embedded call tree (html_tree.c).
 *
 * A page is written as: html_open (doctype, CSP, CSS, the opening of the
 * data element), then one JSON object of data written by the page's own
 * file, then html_close (the script).  The JSON object is what
 * page.js reads; its fields are listed in docs/design.md, "HTML pages".
 */
#ifndef PK_RENDER_HTML_INTERNAL_H
#define PK_RENDER_HTML_INTERNAL_H

#include "html_json.h"
#include "profkit/error.h"
#include "profkit/scene.h"

/* Starts a page of the given kind ("flame", "diff", "heap") on out: a
 * heap-allocated writer that has written the shell and
 * `{"kind":...,"title":...,` (the caller continues the object).  NULL
 * (PK_ENOMEM in err) when out of memory. */
xml_out *html_open(FILE *out, const char *kind, const char *title, const pk_scene_options *opts,
                   pk_error *err);
/* Ends the page when rc is PK_OK (closing the object, then the script),
 * else only flushes; frees the writer.  Returns rc, or PK_EIO (in err)
 * when a write failed. */
int html_close(xml_out *o, int rc, pk_error *err);

/* The nodes of a tree in the page's order (pre-order, siblings as the SVG
 * orders them): order[i] is the profile node drawn i-th. */
typedef struct html_order {
  pk_id *order;
  pk_id *index;  /* node id -> position in order */
  size_t count;
} html_order;

/* Writes `"tree":{...}`: the name table and palette colours, per-node
 * name index, depth and self values of every sample type, the colour
 * hook's per-node colours when opts has one, and the flame chart's rects
 * when p has a time order.  *ord is filled for the caller's own per-node
 * arrays; release it with html_order_free. */
int html_write_tree(xml_out *o, const pk_profile *p, size_t type, const pk_scene_options *opts,
                    html_order *ord, pk_error *err);
void html_order_free(html_order *ord);

#endif
