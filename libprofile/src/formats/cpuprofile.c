/*
 * formats/cpuprofile.c - reader for V8 CPU profiles (.cpuprofile).
 *
 * Two shapes reach us.  The modern one (Chrome DevTools, `node --cpu-prof`,
 * CDP Profiler.Profile) is {nodes: [{id, callFrame, hitCount, children}],
 * startTime, endTime, samples: [node ids], timeDeltas: [microseconds]}.
 * The legacy one (node <= 10, v8-profiler, cpuprofilify) nests the tree
 * under `head` with the call-frame fields directly in each node, and gives
 * absolute `timestamps` if any.  Both are scanned with the streaming
 * tokenizer into a pk_v8_tree (util/json_tokenizer.c, formats/v8_nodes.c), without a DOM.
 * The samples and timeDeltas arrays are most of a large profile; in the
 * usual key order (nodes, samples, timeDeltas) samples are only counted,
 * and the deltas are read in step with a second cursor over the samples,
 * adding each sample to the model as it completes: neither array is kept.  Samples are weighted by time when deltas or
 * timestamps exist, else they count 1; without samples, hitCount is used.
 */
#include <string.h>

#include "formats/readers.h"
#include "formats/v8_nodes.h"

bool pk_cpuprofile_probe(const char *buf, size_t len) {
  pk_v8_sniff s = pk_v8_sniff_json(buf, len);
  if (!s.object) return false;
  if (s.snapshot || s.trace_events) return false;
  if (s.nodes) return true;
  return s.head && !s.self_size; /* legacy head tree; heap profiles have selfSize */
}

/* Shared with the trace-event reader: the body of a cpuProfile object
 * whose '{' was just read. */
int pk_cpuprofile_scan_object(pk_json *js, pk_profile *p, pk_v8_tree *t, const pk_read_options *stream) {
  int rc = 0;
  for (;;) {
    pk_json_tok tk = pk_json_next(js);
    if (tk == PK_JSON_OBJECT_END) return 0;
    if (tk != PK_JSON_KEY) return js->status ? js->status : pk_json_fail(js, PK_EPARSE, "expected a key");
    if (pk_json_is(js, "nodes")) {
      rc = pk_v8_parse_nodes(js, p, t);
    } else if (pk_json_is(js, "head")) {
      if (!(rc = pk_json_expect(js, PK_JSON_OBJECT, "the head node object")))
        rc = pk_v8_parse_node(js, p, t, UINT32_MAX);
    } else if (pk_json_is(js, "samples") && stream && !t->n_samples) {
      t->samples_offset = js->pos; /* counted now, read again with the deltas */
      t->samples_deferred = true;
      rc = pk_json_count_numbers(js, &t->n_samples);
    } else if (pk_json_is(js, "samples")) {
      t->samples_offset = js->pos;
      if (!(rc = pk_v8_load_deferred_samples(js, t)))
        rc = pk_json_int_array(js, (void **)&t->samples, sizeof *t->samples, &t->n_samples, &t->cap_samples);
    } else if (stream && pk_json_is(js, "timeDeltas") && t->n_nodes && t->samples_deferred && !t->n_times &&
               pk_profile_type_count(p) == 0) { /* the usual key order: stream the deltas */
      if (pk_profile_add_sample_type(p, "samples", "count") < 0 || pk_profile_add_sample_type(p, "wall", "microseconds") < 0)
        return pk_json_fail(js, PK_ENOMEM, "out of memory");
      rc = pk_v8_tree_prepare(t, p, PK_ROOT, js->path, js->err);
      if (!rc) rc = pk_v8_stream_deltas(js, t, p, stream);
    } else if (pk_json_is(js, "timeDeltas") || pk_json_is(js, "timestamps")) {
      t->times_absolute = pk_json_is(js, "timestamps");
      rc = pk_json_int_array(js, (void **)&t->times, sizeof *t->times, &t->n_times, &t->cap_times);
    } else if (pk_json_is(js, "startTime") || pk_json_is(js, "endTime")) {
      bool start = pk_json_is(js, "startTime");
      int64_t v;
      if (pk_json_next(js) == PK_JSON_ERROR) return js->status;
      if (js->tok != PK_JSON_NUMBER) { /* cpuprofilify writes strings; the times are optional */
        if ((rc = pk_json_skip(js))) return rc;
        continue;
      }
      if ((rc = pk_json_int64(js, &v))) return rc;
      if (start) {
        t->start_time = v;
        t->have_start = true;
      } else {
        t->end_time = v;
        t->have_end = true;
      }
    } else {
      rc = pk_json_skip_value(js);
    }
    if (rc) return rc;
  }
}

int pk_cpuprofile_parse(pk_profile *p, const char *buf, size_t len, const char *path,
                        const pk_read_options *opts, pk_error *err) {
  pk_json js;
  pk_v8_tree t = {0};
  pk_json_init(&js, buf, len, path, err);
  int rc = pk_json_expect(&js, PK_JSON_OBJECT, "a JSON object (a .cpuprofile)");
  if (!rc) rc = pk_cpuprofile_scan_object(&js, p, &t, opts ? opts : &(pk_read_options)PK_READ_OPTIONS_INIT);
  if (!rc) rc = pk_json_expect(&js, PK_JSON_EOF, "end of input");
  if (!rc && !t.streamed) rc = pk_v8_load_deferred_samples(&js, &t);
  if (!rc && t.n_nodes == 0)
    rc = pk_error_set(err, PK_EPARSE, path, PK_NO_POSITION, PK_NO_POSITION,
                      "no profile nodes (neither `nodes` nor `head`)");
  if (!rc && !t.streamed) rc = pk_v8_add_types(p, PK_V8_CPU, &t, path, err);
  if (!rc) {
    pk_profile_meta_of(p)->format = pk_profile_intern_cstr(p, "cpuprofile");
    rc = pk_v8_tree_build(&t, p, PK_V8_CPU, PK_ROOT, opts, path, err);
  }
  pk_v8_tree_free(&t);
  pk_json_fini(&js);
  return rc;
}
