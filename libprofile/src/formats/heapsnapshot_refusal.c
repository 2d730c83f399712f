/*
 * formats/heapsnapshot_refusal.c - recognise V8 heap snapshots and send users to heapdiff.
 *
 * A .heapsnapshot is an object graph, not a call tree: it has no stacks to
 * draw.  Detecting it explicitly gives a useful error instead of
 * "unrecognised format" (or, worse, a misparse as folded text).
 */
#include "formats/readers.h"
#include "formats/v8_nodes.h"

bool pk_heapsnapshot_refusal_probe(const char *buf, size_t len) {
  pk_v8_sniff s = pk_v8_sniff_json(buf, len);
  return s.object && s.snapshot;
}

int pk_heapsnapshot_refusal_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                                  const pk_read_options *opts, pk_error *err) {
  return pk_error_set(err, PK_EFORMAT, path, PK_NO_POSITION, PK_NO_POSITION,
                      "this is a V8 heap snapshot (an object graph, not a profile of stacks); "
                      "use heapdiff to inspect or compare heap snapshots");
}
