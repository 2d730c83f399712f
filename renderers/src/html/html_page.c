/*
 * html_page.c - the page shell every HTML report shares, and the flame
 * graph page.
 *
 * The shell is fixed markup: a Content-Security-Policy that allows no
 * network at all (inline style and script only), the stylesheet and the
 * script (page.css, page.js, compiled in by embed_text.cmake, which refuses
 * a "</style" or "</script" inside them), and between them the data element
 * <script type="application/json" id="pk-data">.  Only the <title> and the
 * JSON carry text from the input: the title through the XML escaper, the
 * JSON through html_json.c's script-safe strings.
 */
#include <stdlib.h>

#include "html_internal.h"
#include "profkit/html.h"

extern const char pk_html_script[];
extern const size_t pk_html_script_len;
extern const char pk_html_style[];
extern const size_t pk_html_style_len;

xml_out *html_open(FILE *out, const char *kind, const char *title, const pk_scene_options *opts,
                   pk_error *err) {
  xml_out *o = malloc(sizeof *o);
  if (!o) {
    pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
    return NULL;
  }
  xo_init(o, out);
  xo_lit(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"profkit\">\n<title>");
  xo_cstr(o, title);
  xo_lit(o, "</title>\n<style>\n");
  xo_raw(o, pk_html_style, pk_html_style_len);
  xo_lit(o, "</style></head>\n<body>\n<noscript>This report is drawn by its embedded script; "
            "please enable JavaScript.</noscript>\n"
            "<script type=\"application/json\" id=\"pk-data\">{");
  hj_key(o, "kind");
  hj_cstr(o, kind);
  xo_lit(o, ",");
  hj_key(o, "title");
  hj_cstr(o, title);
  xo_lit(o, ",");
  hj_key(o, "subtitle");
  hj_cstr(o, opts ? opts->subtitle : NULL);
  xo_lit(o, ",");
  hj_key(o, "legend");
  hj_cstr(o, opts ? opts->legend : NULL);
  xo_lit(o, ",");
  hj_key(o, "inverted");
  xo_lit(o, opts && opts->inverted ? "true," : "false,");
  return o;
}

int html_close(xml_out *o, int rc, pk_error *err) {
  if (rc == PK_OK) {
    xo_lit(o, "}</script>\n<script>\n");
    xo_raw(o, pk_html_script, pk_html_script_len);
    xo_lit(o, "</script>\n</body></html>\n");
  }
  if (xo_finish(o) != 0 && rc == PK_OK)
    rc = pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "write failed");
  free(o);
  return rc;
}

int pk_html_flame(FILE *out, const pk_profile *p, size_t type, const pk_scene_options *opts,
                  pk_error *err) {
  pk_scene_options none = {0};
  if (!opts) opts = &none;
  const char *title = opts->title ? opts->title : opts->inverted ? "Icicle Graph" : "Flame Graph";
  xml_out *o = html_open(out, "flame", title, opts, err);
  if (!o) return PK_ENOMEM;
  html_order ord;
  int rc = html_write_tree(o, p, type, opts, &ord, err);
  if (rc == PK_OK) html_order_free(&ord);
  return html_close(o, rc, err);
}
