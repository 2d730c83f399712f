/*
 * html_internal.h - the pieces the three HTML pages share: the page shell
 * (html_page.c) and the embedded call tree (html_tree.c).
 *
 * A page is written as: html_page_begin (doctype, CSP, CSS, the opening of
 * the data element), then one JSON object of data written by the page's
 * own file, then html_page_end (the script).  The JSON object is what
 * page.js reads; its fields are listed in docs/design.md, "HTML pages".
 */
#ifndef PK_RENDER_HTML_INTERNAL_H
#define PK_RENDER_HTML_INTERNAL_H

#include "html_json.h"
#include "profkit/error.h"
#include "profkit/scene.h"

/* Opens a page of the given kind ("flame", "diff", "heap") and writes
 * `{"kind":...,"title":...` (the caller continues the object). */
void html_page_begin(xml_out *o, const char *kind, const char *title, const pk_scene_options *opts);
/* Closes the object and the page.  Returns PK_OK or PK_EIO (set in err). */
int html_page_end(xml_out *o, pk_error *err);

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
