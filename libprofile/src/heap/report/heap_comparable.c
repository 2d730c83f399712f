/*
 * heap_comparable.c - may two snapshots be compared object by object?
 *
 * V8 gives an object its id the first time a snapshot sees it and never
 * reuses ids within a process (HeapObjectsMap's counter only grows), so
 * between two snapshots of one process taken in order:
 *   - an id in both names the same object: its class does not change
 *     (plain objects may move between "Object" and an interface name,
 *     which is ignored);
 *   - an object that is new in the later snapshot has an id above every
 *     id of the earlier one.
 * Snapshots of two processes reuse the same small ids for unrelated
 * objects, and snapshots in the wrong order have their "new" objects below
 * the other's ids (a later snapshot whose highest id is lower fails on
 * any such object).  Either fails when more than HEAP_ALIEN_SHARE of the
 * examined ids break the rule (and at least HEAP_ALIEN_MIN do): a few
 * exceptions exist within one process (an object counted only in one
 * snapshot after the shallow-size adjustment).
 */
#include <string.h>

#include "heap/heap_internal.h"
#include "heap/report/heap_causes.h"

#define HEAP_ALIEN_SHARE 0.05
#define HEAP_ALIEN_MIN 50

static uint32_t max_odd_id(const heap_id_keys *ids) {
  for (size_t k = ids->len; k-- > 0;)
    if ((ids->keys[k] >> 32) & 1) return (uint32_t)(ids->keys[k] >> 32);
  return 0;
}

bool heap_class_is_plain(const char *name) { return name[0] == '{' || strcmp(name, "Object") == 0; }

int heap_comparable(const pk_heap *a, const heap_id_keys *ia, const uint32_t *map_a, const pk_heap *b,
                    const heap_id_keys *ib, const uint32_t *map_b, const heap_names *names, pk_error *err) {
  uint64_t matched = 0, changed = 0, fresh = 0, below = 0;
  uint32_t max_a = max_odd_id(ia), max_b = max_odd_id(ib);
  size_t i = 0, j = 0;
  while (j < ib->len) {
    uint32_t ida = i < ia->len ? (uint32_t)(ia->keys[i] >> 32) : UINT32_MAX;
    uint32_t idb = (uint32_t)(ib->keys[j] >> 32);
    if (ida < idb) {
      i++;
    } else if (idb < ida) {
      fresh += idb & 1;
      below += (idb & 1) && idb < max_a;
      j++;
    } else if (!(idb & 1)) {
      i++;
      j++;
    } else {
      const char *ca = names->names[map_a[heap_cls(a, (uint32_t)ia->keys[i++])]];
      const char *cb = names->names[map_b[heap_cls(b, (uint32_t)ib->keys[j++])]];
      matched++;
      changed += strcmp(ca, cb) != 0 && !(heap_class_is_plain(ca) && heap_class_is_plain(cb));
    }
  }
  if (changed >= HEAP_ALIEN_MIN && (double)changed > HEAP_ALIEN_SHARE * (double)matched)
    return pk_error_set(err, PK_EFORMAT, b->path, PK_NO_POSITION, PK_NO_POSITION,
                        "cannot compare with %s: %llu of the %llu objects with the same node id are of another "
                        "class, so the node ids do not come from one process",
                        a->path, (unsigned long long)changed, (unsigned long long)matched);
  if ((below >= HEAP_ALIEN_MIN || (below && max_b < max_a)) && (double)below > HEAP_ALIEN_SHARE * (double)fresh)
    return pk_error_set(err, PK_EFORMAT, b->path, PK_NO_POSITION, PK_NO_POSITION,
                        "cannot compare with %s: %llu of its %llu new objects have ids below the earlier "
                        "snapshot's, so it was taken before %s or in another process (give snapshots oldest first)",
                        a->path, (unsigned long long)below, (unsigned long long)fresh, a->path);
  return 0;
}
