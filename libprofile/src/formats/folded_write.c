/*
 * formats/folded_write.c - writing a profile as canonical folded stacks.
 *
 * A depth-first walk over the sorted children (explicit stack, any depth)
 * keeps the current path in one growing buffer: entering a node appends
 * ";name", leaving truncates back.  Every node with a nonzero value in the
 * chosen columns becomes one line, so the output is sorted and stable and
 * parsing it again gives the same tree: names are escaped where folded text
 * would cut or change them (formats/folded_names.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "formats/folded_names.h"
#include "profkit/folded.h"
#include "profkit/tree.h"

static const char *kind_suffix(uint8_t kind) {
  switch (kind) {
    case PK_FRAME_KERNEL: return "_[k]";
    case PK_FRAME_JIT: return "_[j]";
    case PK_FRAME_INLINED: return "_[i]";
    case PK_FRAME_WAKER: return "_[w]";
    default: return "";
  }
}

typedef struct line_ref {
  size_t start, stack_len, len;  /* in the lines buffer */
} line_ref;

static const char *sort_text; /* qsort has no payload argument */

static int compare_lines(const void *a, const void *b) {
  const line_ref *x = a, *y = b;
  size_t n = x->stack_len < y->stack_len ? x->stack_len : y->stack_len;
  int c = memcmp(sort_text + x->start, sort_text + y->start, n);
  if (c) return c;
  return (x->stack_len > y->stack_len) - (x->stack_len < y->stack_len);
}

typedef struct walk_entry {
  pk_id node;
  size_t next_child;  /* index into children.ids */
  size_t path_len;    /* path length before this node's name */
} walk_entry;

int pk_folded_write(const pk_profile *p, size_t first_type, size_t n_types, FILE *out, pk_error *err) {
  if (first_type + n_types > pk_profile_type_count(p) || n_types == 0)
    return pk_error_set(err, PK_EINVAL, NULL, PK_NO_POSITION, PK_NO_POSITION, "no such sample type");
  pk_children children;
  int rc = pk_children_sorted(&children, p, err);
  if (rc != PK_OK) return rc;
  walk_entry *stack = NULL;
  size_t stack_cap = 0, depth = 0;
  char *path = NULL;
  size_t path_cap = 0, path_len = 0;
  char *text = NULL;
  size_t text_cap = 0, text_len = 0;
  line_ref *lines = NULL;
  size_t lines_cap = 0, n_lines = 0;
  if (PK_GROW(stack, stack_cap, 1) != 0) goto oom;
  stack[depth++] = (walk_entry){PK_ROOT, children.start[PK_ROOT], 0};
  while (depth) {
    walk_entry *top = &stack[depth - 1];
    if (top->next_child == children.start[top->node + 1]) {
      path_len = top->path_len;
      depth--;
      continue;
    }
    pk_id node = children.ids[top->next_child++];
    const pk_frame *f = pk_profile_get_frame(p, pk_profile_node(p, node)->frame);
    size_t name_len;
    const char *name = pk_profile_string(p, f->name, &name_len);
    const char *suffix = kind_suffix(f->kind);
    size_t suffix_len = strlen(suffix);
    size_t before = path_len;
    if (PK_GROW(path, path_cap, path_len + PK_FOLDED_ESCAPED_MAX(name_len) + suffix_len + 2) != 0) goto oom;
    if (top->node != PK_ROOT) path[path_len++] = ';';
    size_t name_at = path_len;
    path_len += pk_folded_name_escape(name, name_len, suffix_len == 0, top->node == PK_ROOT, false, path + path_len);
    memcpy(path + path_len, suffix, suffix_len);
    path_len += suffix_len;
    const int64_t *self = pk_profile_self(p, node) + first_type;
    bool any = false;
    for (size_t t = 0; t < n_types; t++) any |= self[t] != 0;
    if (any) {
      if (PK_GROW(text, text_cap, text_len + path_len + 3 + 24 * n_types + 1) != 0 ||
          PK_GROW(lines, lines_cap, n_lines + 1) != 0)
        goto oom;
      line_ref *l = &lines[n_lines++];
      l->start = text_len;
      if (suffix_len == 0 && pk_folded_name_differs_last(name, name_len)) { /* one byte more: room made above */
        memcpy(text + text_len, path, name_at);
        text_len += name_at;
        text_len += pk_folded_name_escape(name, name_len, true, top->node == PK_ROOT, true, text + text_len);
      } else {
        memcpy(text + text_len, path, path_len);
        text_len += path_len;
      }
      l->stack_len = text_len - l->start;
      for (size_t t = 0; t < n_types; t++)
        text_len += (size_t)sprintf(text + text_len, " %lld", (long long)self[t]);
      text[text_len++] = '\n';
      l->len = text_len - l->start;
    }
    if (PK_GROW(stack, stack_cap, depth + 1) != 0) goto oom;
    stack[depth++] = (walk_entry){node, children.start[node], before};
  }
  sort_text = text;
  if (n_lines) qsort(lines, n_lines, sizeof *lines, compare_lines);
  for (size_t i = 0; i < n_lines; i++) fwrite(text + lines[i].start, 1, lines[i].len, out);
  free(lines);
  free(text);
  free(stack);
  free(path);
  pk_children_free(&children);
  if (ferror(out))
    return pk_error_set(err, PK_EIO, NULL, PK_NO_POSITION, PK_NO_POSITION, "write error");
  return PK_OK;
oom:
  free(lines);
  free(text);
  free(stack);
  free(path);
  pk_children_free(&children);
  return pk_error_set(err, PK_ENOMEM, NULL, PK_NO_POSITION, PK_NO_POSITION, "out of memory");
}
