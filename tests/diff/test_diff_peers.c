/*
 * test_diff_peers.c - flamediff's statistics on real profiles from the
 * peers corpus (../shared/peers, PK_PEERS; skipped with 77 when absent):
 *
 *  - A/A: 200 binomial resamples (every stack's samples split at random
 *    between before and after, diff_gen.h) of each of three real profiles (perf script
 *    from FlameGraph, a Chrome .cpuprofile from speedscope, a collapsed
 *    Java perf profile): --fail-if-grown 2 never fires, and at most 1% of
 *    all frames drawn over all resamples are coloured at 99% confidence.
 *  - FlameGraph's example with every stack through tcp_sendmsg doubled
 *    (issue: the subtree stayed grey): tcp_sendmsg and every callee with
 *    enough samples for a doubling to be told from noise (44, see below)
 *    are coloured as growth (own or inclusive), and
 *    --fail-if-grown 5 fires with one line, naming tcp_sendmsg.
 */
#include <stdio.h>

#include "check.h"
#include "diff_gen.h"
#include "profkit/reader.h"

#define RESAMPLES 200

static pk_profile *read_peer(const char *peers, const char *rel, const char *type, size_t *col) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", peers, rel);
  pk_read_options ro = PK_READ_OPTIONS_INIT;
  pk_profile *p = NULL;
  pk_error err;
  if (pk_read_profile(&p, path, &ro, &err) != PK_OK) {
    fprintf(stderr, "cannot read %s: %s\n", path, err.message);
    return NULL;
  }
  int t = type ? pk_profile_find_type(p, type) : (int)pk_profile_default_type(p);
  CHECK(t >= 0);
  *col = t >= 0 ? (size_t)t : 0;
  return p;
}

static void aa(const pk_profile *src, size_t col, const char *name, gen_rng *r, size_t *coloured, size_t *frames) {
  size_t fired = 0, c0 = *coloured, f0 = *frames;
  for (int i = 0; i < RESAMPLES; i++) {
    pk_profile *p = gen_resample(src, col, r);
    pk_diff *d = NULL;
    CHECK_EQ_INT(pk_diff_new(&d, p, 0, p, 1, NULL, NULL), PK_OK);
    if (!d) {
      pk_profile_free(p);
      continue;
    }
    const pk_profile *dp = pk_diff_profile(d);
    for (size_t id = 1; id < pk_profile_node_count(dp); id++) {
      if (pk_profile_total(dp, (pk_id)id)[PK_DIFF_AFTER] == 0) continue; /* not drawn */
      (*frames)++;
      *coloured += gen_coloured(pk_diff_node_mark(d, (pk_id)id, NULL));
    }
    pk_diff_gates g = PK_DIFF_GATES_INIT;
    g.fail_if_grown = 2.0;
    pk_diff_verdict v;
    CHECK_EQ_INT(pk_diff_check(&v, d, &g, NULL), PK_OK);
    if (v.count) {
      fprintf(stderr, "  %s resample %d: ", name, i);
      pk_diff_write_breach(stderr, &v, 0, false);
    }
    fired += v.count != 0;
    pk_diff_verdict_release(&v);
    pk_diff_free(d);
    pk_profile_free(p);
  }
  fprintf(stderr, "A/A %s: %d resamples, gate fired %zu times, %zu of %zu frames coloured\n", name, RESAMPLES,
          fired, *coloured - c0, *frames - f0);
  CHECK(fired == 0);
}

static bool named(const pk_profile *p, pk_id node, const char *name) {
  return strcmp(pk_profile_frame_name(p, pk_profile_node(p, node)->frame), name) == 0;
}

/* Two columns: the example as is, and with every stack through
 * tcp_sendmsg counted twice. */
static pk_profile *doubled(const pk_profile *src, size_t col) {
  pk_profile *p = pk_profile_new();
  pk_profile_add_sample_type(p, "before", "count");
  pk_profile_add_sample_type(p, "after", "count");
  size_t nodes = pk_profile_node_count(src);
  pk_id *map = malloc(nodes * sizeof *map);
  uint8_t *inside = calloc(nodes, 1);
  map[0] = PK_ROOT;
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *n = pk_profile_node(src, (pk_id)id);
    inside[id] = inside[n->parent] || named(src, (pk_id)id, "tcp_sendmsg");
    map[id] = pk_profile_child(p, map[n->parent], pk_profile_import_frame(p, src, n->frame));
    int64_t c = pk_profile_self(src, (pk_id)id)[col];
    int64_t v[2] = {c, inside[id] ? 2 * c : c};
    pk_profile_add_self(p, map[id], v);
  }
  free(map);
  free(inside);
  pk_profile_finish(p, NULL);
  return p;
}

static void tcp_sendmsg_doubled(const pk_profile *src, size_t col) {
  pk_profile *p = doubled(src, col);
  pk_diff *d = NULL;
  CHECK_EQ_INT(pk_diff_new(&d, p, 0, p, 1, NULL, NULL), PK_OK);
  if (!d) return;
  const pk_profile *dp = pk_diff_profile(d);
  size_t nodes = pk_profile_node_count(dp), under = 0, grew = 0, roots = 0;
  uint8_t *inside = calloc(nodes, 1);
  for (size_t id = 1; id < nodes; id++) {
    const pk_node *n = pk_profile_node(dp, (pk_id)id);
    bool root = named(dp, (pk_id)id, "tcp_sendmsg");
    inside[id] = inside[n->parent] || root;
    if (!inside[id]) continue;
    pk_diff_mark m = pk_diff_node_mark(d, (pk_id)id, NULL);
    bool growth = m == PK_MARK_SELF_GREW || m == PK_MARK_TOTAL_GREW;
    if (root && pk_profile_total(dp, (pk_id)id)[PK_DIFF_BEFORE] >= 44) {
      roots++;
      CHECK(growth);
    }
    /* A frame doubled from b samples (2b after, against b scaled by
     * 1569/1315; p0 = 0.544): z = (2b - 0.544 x 3b) / sqrt(3b x 0.248) =
     * 0.426 sqrt(b), past 2.81 (two-sided alpha / 2 = 0.005) once b >= 44.
     * Below that no test can tell a doubling from noise. */
    if (pk_profile_total(dp, (pk_id)id)[PK_DIFF_BEFORE] >= 44) {
      under++;
      grew += growth;
      if (!growth)
        fprintf(stderr, "  tcp_sendmsg callee %s (%lld samples before) is not coloured as growth\n",
                pk_profile_frame_name(dp, n->frame), (long long)pk_profile_total(dp, (pk_id)id)[PK_DIFF_BEFORE]);
    }
  }
  fprintf(stderr, "tcp_sendmsg doubled: %zu tcp_sendmsg frames with 44+ samples, %zu of %zu frames under it with 44+ samples coloured as growth\n",
          roots, grew, under);
  CHECK(roots >= 1);
  CHECK(under >= 5 && grew == under);
  pk_diff_gates g = PK_DIFF_GATES_INIT;
    g.fail_if_grown = 5.0;
  pk_diff_verdict v;
  CHECK_EQ_INT(pk_diff_check(&v, d, &g, NULL), PK_OK);
  CHECK_EQ_INT(v.count, 1);
  if (v.count) {
    CHECK(v.breaches[0].what_len == 11 && memcmp(v.breaches[0].what, "tcp_sendmsg", 11) == 0);
    CHECK(v.breaches[0].context >= 5);
    fputs("gate: ", stderr);
    pk_diff_write_breach(stderr, &v, 0, false);
  }
  pk_diff_verdict_release(&v);
  free(inside);
  pk_diff_free(d);
  pk_profile_free(p);
}

int main(void) {
  const char *peers = getenv("PK_PEERS");
  if (!peers || !*peers) peers = "../shared/peers";
  char probe[4096];
  snprintf(probe, sizeof probe, "%s/FlameGraph/example-perf-stacks.txt.gz", peers);
  FILE *f = fopen(probe, "rb");
  if (!f) {
    fprintf(stderr, "SKIP: %s absent\n", probe);
    return 77;
  }
  fclose(f);
  static const struct { const char *rel, *type; } inputs[] = {
      {"FlameGraph/example-perf-stacks.txt.gz", NULL},
      {"speedscope/sample/profiles/Chrome/65/sucrase.cpuprofile", "samples"},
      {"FlameGraph/test/results/perf-vertx-stacks-01-collapsed-all.txt", NULL},
  };
  gen_rng r = {0x2545f4914f6cdd1dULL};
  size_t coloured = 0, frames = 0;
  for (size_t i = 0; i < 3; i++) {
    size_t col = 0;
    pk_profile *p = read_peer(peers, inputs[i].rel, inputs[i].type, &col);
    CHECK(p != NULL);
    if (!p) continue;
    aa(p, col, inputs[i].rel, &r, &coloured, &frames);
    if (i == 0) tcp_sendmsg_doubled(p, col);
    pk_profile_free(p);
  }
  fprintf(stderr, "A/A overall: %zu of %zu frames coloured (%.3f%%)\n", coloured, frames,
          frames ? 100.0 * (double)coloured / (double)frames : 0.0);
  CHECK(frames > 0 && coloured * 100 <= frames);
  return pk_check_exit("test_diff_peers");
}
