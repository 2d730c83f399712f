/*
 * model/functions.c - sum a profile by function name (see functions.h).
 *
 * One row per distinct frame name, found through an array indexed by string
 * id.  Self is a flat sweep over the nodes.  Total must count a sample once
 * even when its function recurses, so it is a depth-first walk (iterative:
 * first_child / next_sibling / parent links, no stack to overflow) keeping,
 * per row, how many times it is on the current path: a node adds its total
 * only when its function is not already on the path above it.
 */
#include <stdlib.h>
#include <string.h>

#include "profkit/functions.h"
#include "util/row_order.h"

static void add_values(int64_t *to, const int64_t *from, size_t n) {
  for (size_t i = 0; i < n; i++) to[i] += from[i];
}

static void walk_totals(pk_functions *f, const pk_profile *p, const uint32_t *row_of_node,
                        uint32_t *on_path) {
  pk_id cur = pk_profile_node(p, PK_ROOT)->first_child;
  while (cur != PK_NONE) {
    const pk_node *n = pk_profile_node(p, cur);
    uint32_t row = row_of_node[cur];
    if (on_path[row]++ == 0) add_values(f->rows[row].total, pk_profile_total(p, cur), f->n_types);
    if (n->first_child != PK_NONE) {
      cur = n->first_child;
      continue;
    }
    while (cur != PK_ROOT) { /* leave finished nodes until one has a next sibling */
      const pk_node *done = pk_profile_node(p, cur);
      on_path[row_of_node[cur]]--;
      if (done->next_sibling != PK_NONE) {
        cur = done->next_sibling;
        break;
      }
      cur = done->parent;
    }
    if (cur == PK_ROOT) break;
  }
}

int pk_functions_build(pk_functions **out, const pk_profile *p, pk_error *err) {
  *out = NULL;
  if (!pk_profile_is_finished(p))
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION,
                        "profile is not finished");
  size_t nodes = pk_profile_node_count(p), strings = pk_profile_string_count(p);
  size_t types = pk_profile_type_count(p);
  pk_functions *f = calloc(1, sizeof *f);
  uint32_t *row_of_name = malloc(strings * sizeof *row_of_name);
  uint32_t *row_of_node = malloc(nodes * sizeof *row_of_node);
  uint32_t *on_path = NULL;
  if (!f || !row_of_name || !row_of_node) goto fail;
  f->n_types = types;
  memset(row_of_name, 0xff, strings * sizeof *row_of_name);
  /* First pass: number the names, so the rows can be one allocation. */
  size_t rows = 0;
  for (size_t id = 1; id < nodes; id++) {
    pk_id name = pk_profile_get_frame(p, pk_profile_node(p, (pk_id)id)->frame)->name;
    if (row_of_name[name] == UINT32_MAX) row_of_name[name] = (uint32_t)rows++;
    row_of_node[id] = row_of_name[name];
  }
  row_of_node[0] = UINT32_MAX;
  f->count = rows;
  f->rows = calloc(rows ? rows : 1, sizeof *f->rows);
  f->storage = calloc(rows * types * 2 + 1, sizeof *f->storage);
  on_path = calloc(rows + 1, sizeof *on_path);
  if (!f->rows || !f->storage || !on_path) goto fail;
  for (size_t s = 0; s < strings; s++) {
    uint32_t r = row_of_name[s];
    if (r == UINT32_MAX) continue;
    f->rows[r].name = (pk_id)s;
    f->rows[r].self = f->storage + (size_t)r * types * 2;
    f->rows[r].total = f->rows[r].self + types;
  }
  for (size_t id = 1; id < nodes; id++)
    add_values(f->rows[row_of_node[id]].self, pk_profile_self(p, (pk_id)id), types);
  walk_totals(f, p, row_of_node, on_path);
  free(row_of_name);
  free(row_of_node);
  free(on_path);
  *out = f;
  return PK_OK;
fail:
  free(row_of_name);
  free(row_of_node);
  free(on_path);
  pk_functions_free(f);
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}

void pk_functions_free(pk_functions *f) {
  if (!f) return;
  free(f->storage);
  free(f->rows);
  free(f);
}

void pk_functions_sort(pk_functions *f, const pk_profile *p, size_t type, bool by_total) {
  if (f->count < 2 || type >= f->n_types) return;
  pk_rank_key *keys = malloc(f->count * sizeof *keys);
  pk_function_row *rows = malloc(f->count * sizeof *rows);
  if (!keys || !rows) { /* unsorted is still a correct table */
    free(keys);
    free(rows);
    return;
  }
  for (size_t i = 0; i < f->count; i++) {
    keys[i].value = (double)(by_total ? f->rows[i].total[type] : f->rows[i].self[type]);
    keys[i].name = pk_profile_string(p, f->rows[i].name, &keys[i].name_len);
    keys[i].index = i;
  }
  pk_rank_sort(keys, f->count);
  for (size_t i = 0; i < f->count; i++) rows[i] = f->rows[keys[i].index];
  memcpy(f->rows, rows, f->count * sizeof *rows);
  free(rows);
  free(keys);
}
