/*
 * formats/heapprofile.c - reader for V8 sampling heap profiles (.heapprofile).
 *
 * `node --heap-prof` and Chrome's "Allocation sampling" write
 * {head: {callFrame, selfSize, id, children: [...]}, samples: [{size,
 * nodeId, ordinal}]}; older ones have only the head tree.  The tree is
 * nested, so it is scanned with the iterative node walker of formats/v8_nodes.c.
 * Sample types: space/bytes from selfSize (V8's estimate of the bytes
 * allocated there), and objects/count, the number of samples per node,
 * when the file has samples.
 */
#include <stdlib.h>

#include "formats/readers.h"
#include "formats/v8_nodes.h"
#include "util/grow.h"

bool pk_heapprofile_probe(const char *buf, size_t len) {
  pk_v8_sniff s = pk_v8_sniff_json(buf, len);
  return s.object && s.head && s.self_size && !s.hit_count;
}

static int scan_samples(pk_json *js, pk_v8_tree *t) {
  int rc = pk_json_expect(js, PK_JSON_ARRAY, "an array of samples");
  t->samples_offset = js->tok_start;
  while (!rc) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_ARRAY_END) return 0;
    if (tk != PK_JSON_OBJECT) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a sample object");
    int64_t size = 0, node = PK_V8_NO_ID;
    while (!rc && (tk = pk_json_next(js)) == PK_JSON_KEY) {
      bool is_size = pk_json_is(js, "size"), is_node = pk_json_is(js, "nodeId");
      if (!is_size && !is_node) {
        rc = pk_json_skip_value(js);
      } else if (pk_json_next(js) != PK_JSON_ERROR) {
        rc = pk_json_int64(js, is_size ? &size : &node);
      } else {
        rc = js->status;
      }
    }
    if (rc) return rc;
    if (tk != PK_JSON_OBJECT_END) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a key");
    if (node == PK_V8_NO_ID) return pk_json_fail(js, PK_EPARSE, "heap sample without nodeId");
    if (node < INT32_MIN || node > INT32_MAX) return pk_json_fail(js, PK_EPARSE, "nodeId out of range");
    if (PK_GROW(t->samples, t->cap_samples, t->n_samples + 1) != 0 || PK_GROW(t->sizes, t->cap_sizes, t->n_sizes + 1) != 0)
      return pk_json_fail(js, PK_ENOMEM, "out of memory");
    t->samples[t->n_samples++] = node;
    t->sizes[t->n_sizes++] = size;
  }
  return rc;
}

int pk_heapprofile_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                         const pk_read_options *opts, pk_error *err) {
  pk_json js;
  pk_v8_tree t = {0};
  pk_json_init(&js, buf, len, path, err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, "a JSON object (a .heapprofile)");
  pk_json_tok tk;
  while (!rc && (tk = pk_json_next(&js)) == PK_JSON_KEY) {
    if (pk_json_is(&js, "head")) {
      if (!(rc = pk_json_expect(&js, PK_JSON_OBJECT, "the head node object")))
        rc = pk_v8_parse_node(&js, p, &t, UINT32_MAX);
    } else if (pk_json_is(&js, "samples")) {
      rc = scan_samples(&js, &t);
    } else {
      rc = pk_json_skip_value(&js);
    }
  }
  if (!rc && js.tok != PK_JSON_OBJECT_END) rc = js.status ? js.status : pk_json_fail(&js, PK_EPARSE, "expected a key");
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  if (!rc && t.n_nodes == 0)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION, "no `head` node in heap profile");
  /* node's --heap-prof names pruned nodes in samples: count what is known */
  t.lenient = true;
  if (!rc) rc = pk_v8_add_types(p, PK_V8_HEAP, &t, path, err);
  if (!rc) {
    pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "heapprofile");
    pk_profile_meta_of(p)->default_type = 0; /* bytes, also when objects follow */
    rc = pk_v8_tree_build(&t, p, PK_V8_HEAP, PK_ROOT, opts, path, err);
  }
  pk_v8_tree_free(&t);
  pk_json_fini(&js);
  return rc;
}
