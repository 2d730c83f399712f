/*
 * formats/v8_nodes.h - the node table shared by the V8 readers (private).
 *
 * .cpuprofile (modern `nodes` array and legacy `head` tree), .heapprofile
 * and the cpuProfile chunks of trace-event files all describe the same
 * thing: nodes with a call frame, linked by ids (children lists or parent
 * fields) or by nesting, plus samples that name nodes.  The readers fill a
 * pk_v8_tree while they scan; pk_v8_tree_build then checks the links
 * (unknown ids, two parents, cycles) and adds everything to the model
 * without recursion.
 *
 * Ownership: the tree owns its arrays; pk_v8_tree_free releases them.
 */
#ifndef PROFKIT_V8_TREE_H
#define PROFKIT_V8_TREE_H

#include "util/file_id_map.h"
#include "util/json_tokenizer.h"
#include "profkit/profile.h"
#include "profkit/reader.h"

#define PK_V8_NO_ID INT64_MIN

typedef struct pk_v8_node {
  int64_t id;          /* PK_V8_NO_ID when the format has none */
  int64_t parent_id;   /* from a `parent` field, else PK_V8_NO_ID */
  uint32_t parent;     /* record index (nesting or resolved), UINT32_MAX if none */
  pk_id function_name, url;  /* string ids in the profile */
  int64_t line, column;      /* 0-based as V8 writes them; -1 unknown */
  int64_t self;        /* hitCount or selfSize */
  size_t offset;       /* byte offset of the node object */
  pk_id model;         /* node in the model once built, PK_NONE before */
  uint8_t state;       /* build bookkeeping */
} pk_v8_node;

typedef struct pk_v8_edge {
  uint32_t parent;     /* record index */
  int64_t child_id;
  size_t offset;
} pk_v8_edge;

typedef struct pk_v8_tree {
  pk_v8_node *nodes;
  size_t n_nodes, cap_nodes;
  pk_v8_edge *edges;
  size_t n_edges, cap_edges;
  int32_t *samples;     /* node ids, in time order (V8 ids are 32-bit) */
  bool samples_deferred; /* n_samples counted, ids left in the input at samples_offset */
  size_t n_samples, cap_samples;
  size_t samples_offset;
  int64_t *times;       /* timeDeltas, or absolute timestamps */
  size_t n_times, cap_times;
  bool times_absolute;  /* legacy `timestamps` rather than `timeDeltas` */
  int64_t *sizes;       /* heap samples: size per sample (samples holds node ids) */
  size_t n_sizes, cap_sizes;
  int64_t start_time, end_time;
  bool have_start, have_end;
  bool lenient;         /* skip samples of unknown nodes (lost trace chunks, pruned heap nodes) */
  /* set by pk_v8_tree_prepare / pk_v8_stream_deltas */
  bool prepared, streamed;
  pk_id_index map;      /* node id -> record */
  size_t repaired[4], first_repair_offset;  /* duplicate ids, dangling children, parents, samples */
} pk_v8_tree;

void pk_v8_tree_free(pk_v8_tree *t);

/* Parses one node object whose '{' was just read, with any nested
 * `children` objects (legacy head trees), appending records; `parent` is
 * the record index of the enclosing node or UINT32_MAX.  children given as
 * ids become edges. */
int pk_v8_parse_node(pk_json *js, pk_profile *p, pk_v8_tree *t, uint32_t parent);

/* Parses an array of node objects (the `nodes` key was just read). */
int pk_v8_parse_nodes(pk_json *js, pk_profile *p, pk_v8_tree *t);

typedef enum pk_v8_kind { PK_V8_CPU, PK_V8_HEAP } pk_v8_kind;

/* Adds the sample types for kind: cpu {samples,count}[+{wall,microseconds}
 * when timed]; heap {space,bytes}[+{objects,count} with samples]. */
int pk_v8_add_types(pk_profile *p, pk_v8_kind kind, const pk_v8_tree *t, const char *path,
                    pk_error *err);

/* Resolves ids and links and creates the model nodes under `under`
 * (done by pk_v8_tree_build when not called before). */
int pk_v8_tree_prepare(pk_v8_tree *t, pk_profile *p, pk_id under, const char *path, pk_error *err);

/* Reads a timeDeltas array (its '[' is the next token) and adds the
 * samples as they complete, instead of storing the deltas; deferred sample
 * ids are read again from the input in step, so a 100 MB profile holds
 * neither array.  Needs a prepared tree
 * and the two CPU sample types; sets t->streamed. */
int pk_v8_stream_deltas(pk_json *js, pk_v8_tree *t, pk_profile *p, const pk_read_options *opts);

/* Reads deferred samples into t->samples (for the non-streaming paths). */
int pk_v8_load_deferred_samples(pk_json *js, pk_v8_tree *t);

/* Resolves the links and adds the tree's values to p under model node
 * `under` (the root, or a thread node).  Damage with one safe reading is
 * repaired and reported once through opts->warn: a duplicate id (the first
 * node keeps it), a child id that is no node (ignored), a parent id that is
 * no node (the node hangs from `under`).  Cycles are errors, and so is a
 * sample naming no node unless the tree is lenient.  Samples without timing count 1
 * each; with timing, sample i weighs t[i+1]-t[i] microseconds (the last
 * weighs 0, as Chrome and speedscope do) and becomes an event. */
int pk_v8_tree_build(pk_v8_tree *t, pk_profile *p, pk_v8_kind kind, pk_id under,
                     const pk_read_options *opts, const char *path, pk_error *err);

/* What the first bytes of a JSON text look like (for the probes): the
 * top-level keys seen and a few keys seen at any depth.  Looks at no more
 * than 64 KiB. */
typedef struct pk_v8_sniff {
  bool object, array;             /* top-level value */
  bool nodes, head, samples, trace_events, snapshot;  /* top-level keys */
  bool call_frame, hit_count, self_size, ph;          /* keys at any depth */
} pk_v8_sniff;

pk_v8_sniff pk_v8_sniff_json(const char *buf, size_t len);

/* formats/cpuprofile.c: scans the keys of a cpuProfile object whose '{' was just
 * read (nodes or head, samples, timeDeltas or timestamps, start/end time);
 * used by the .cpuprofile and trace-event readers.  With `stream` set (the
 * read options) and nodes and samples already read, timeDeltas are
 * streamed into p (pk_v8_stream_deltas) rather than stored. */
int pk_cpuprofile_scan_object(pk_json *js, pk_profile *p, pk_v8_tree *t, const pk_read_options *stream);

#endif
