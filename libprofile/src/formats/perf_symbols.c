/*
 * perf_symbols.c - symbol tables for perf.data (see perf_symbols.h).
 *
 * Every source is read into the same shape: an array of {start, end,
 * binding, name} that is sorted once (by start, then by the order read),
 * cleaned with perf's two passes (duplicates at one address reduced to the
 * best, then sizes of 0 extended to the next symbol) and searched by
 * binary search.  The names live in one growing pool.  ELF files are read
 * with elfutils (libelf for sections and segments, libdwelf for the build
 * id and debug link that lead to a separate debug file), and C++ names
 * are demangled with libiberty's cplus_demangle, as Debian's perf does.
 * Nothing here recurses or trusts a size read from a file beyond the
 * buffer libelf gives back.
 */
#include "formats/perf_symbols.h"

#include <ctype.h>
#include <elfutils/libdwelf.h>
#include <gelf.h>
#include <libelf.h>
#include <libiberty/demangle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"
#include "util/hash_index.h"
#include "platform/regular_file.h"
#include "platform/vdso.h"

enum { BIND_LOCAL, BIND_GLOBAL, BIND_WEAK };

typedef struct sym_entry {
  uint64_t start, end;
  size_t name;       /* offset in the object's pool */
  uint32_t name_len;
  uint8_t binding;
  bool stretched;    /* had size 0 and now ends at the next symbol */
  uint32_t seq;      /* order read, for a stable sort */
} sym_entry;

typedef struct load_segment {
  uint64_t offset, vaddr, filesz;
} load_segment;

typedef struct dso {
  size_t name;       /* offset in d->names */
  size_t name_len;
  pk_perf_dso_kind kind;
  bool loaded;
  sym_entry *syms;
  size_t n_syms, cap_syms;
  char *pool;
  size_t pool_len, pool_cap;
  load_segment *loads;
  size_t n_loads, cap_loads;
} dso;

struct pk_perf_dsos {
  dso *dsos;
  size_t n, cap;
  char *names;
  size_t names_len, names_cap;
  pk_idindex index;
  const char *kallsyms_path;
  uint64_t kernel_text;
  bool have_kernel_text;
  char problem[1100];
};

pk_perf_dsos *pk_perf_dsos_new(const char *kallsyms_path) {
  pk_perf_dsos *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->kallsyms_path = kallsyms_path ? kallsyms_path : pk_kernel_symbols_path();
  elf_version(EV_CURRENT);
  return d;
}

void pk_perf_dsos_free(pk_perf_dsos *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) {
    free(d->dsos[i].syms);
    free(d->dsos[i].pool);
    free(d->dsos[i].loads);
  }
  free(d->dsos);
  free(d->names);
  free(d->index.slots);
  free(d);
}

int32_t pk_perf_dso_get(pk_perf_dsos *d, const char *name, size_t len, pk_perf_dso_kind kind) {
  uint64_t h = pk_hash_bytes(name, len);
  if (d->n >= INT32_MAX || pk_idindex_reserve(&d->index)) return -1;
  size_t mask = d->index.slot_count - 1, slot = (size_t)h & mask;
  for (; d->index.slots[slot]; slot = (slot + 1) & mask) {
    uint64_t s = d->index.slots[slot];
    if (PK_IDX_HASH(s) != (uint32_t)h) continue;
    const dso *o = &d->dsos[PK_IDX_ID(s)];
    if (o->name_len == len && memcmp(d->names + o->name, name, len) == 0) return (int32_t)PK_IDX_ID(s);
  }
  if (PK_GROW(d->dsos, d->cap, d->n + 1) || PK_GROW(d->names, d->names_cap, d->names_len + len + 1)) return -1;
  memcpy(d->names + d->names_len, name, len);
  d->names[d->names_len + len] = 0;
  d->dsos[d->n] = (dso){.name = d->names_len, .name_len = len, .kind = kind};
  d->names_len += len + 1;
  pk_idindex_put(&d->index, slot, (uint32_t)h, (uint32_t)d->n);
  return (int32_t)d->n++;
}

const char *pk_perf_dso_name(const pk_perf_dsos *d, int32_t id, size_t *len) {
  *len = d->dsos[id].name_len;
  return d->names + d->dsos[id].name;
}

pk_perf_dso_kind pk_perf_dso_kind_of(const pk_perf_dsos *d, int32_t id) { return d->dsos[id].kind; }

void pk_perf_dsos_set_kernel_text(pk_perf_dsos *d, uint64_t recorded_text) {
  d->kernel_text = recorded_text;
  d->have_kernel_text = true;
}

const char *pk_perf_dsos_problem(const pk_perf_dsos *d) { return d->problem[0] ? d->problem : NULL; }

static void note_problem(pk_perf_dsos *d, const char *what, const char *path) {
  if (!d->problem[0]) snprintf(d->problem, sizeof d->problem, "%s %s", what, path);
}

/* ---- building one object's table ---- */

static int add_sym(dso *o, uint64_t start, uint64_t size, int binding, const char *name, size_t len) {
  if (len > UINT32_MAX || o->n_syms >= UINT32_MAX) return -1;
  if (PK_GROW(o->syms, o->cap_syms, o->n_syms + 1) || PK_GROW(o->pool, o->pool_cap, o->pool_len + len + 1))
    return -1;
  memcpy(o->pool + o->pool_len, name, len);
  o->pool[o->pool_len + len] = 0;
  uint64_t end = start + size < start ? UINT64_MAX : start + size;
  o->syms[o->n_syms] = (sym_entry){start, end, o->pool_len, (uint32_t)len, (uint8_t)binding, false, (uint32_t)o->n_syms};
  o->pool_len += len + 1;
  o->n_syms++;
  return 0;
}

static int by_start(const void *a, const void *b) {
  const sym_entry *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static size_t leading_underscores(const char *s) {
  size_t n = 0;
  while (s[n] == '_') n++;
  return n;
}

/* perf's choice between two symbols at one address: true keeps a. */
static bool better(const dso *o, const sym_entry *a, const sym_entry *b) {
  bool sa = a->end > a->start, sb = b->end > b->start;
  if (sa != sb) return sa;
  bool wa = a->binding == BIND_WEAK, wb = b->binding == BIND_WEAK;
  if (wa != wb) return wb;
  bool ga = a->binding == BIND_GLOBAL, gb = b->binding == BIND_GLOBAL;
  if (ga != gb) return ga;
  size_t ua = leading_underscores(o->pool + a->name), ub = leading_underscores(o->pool + b->name);
  if (ua != ub) return ua < ub;
  if (a->name_len != b->name_len) return a->name_len > b->name_len;
  return true;
}

static uint64_t page_after(uint64_t start) {
  uint64_t up = start > UINT64_MAX - 4095 ? UINT64_MAX & ~4095ull : (start + 4095) & ~4095ull;
  return up > UINT64_MAX - 4096 ? UINT64_MAX : up + 4096;
}

/* Sorts, ends sizes of 0 at the next start, then keeps the best of each
 * address -- perf's order (symbols__fixup_end, then _duplicate): of three
 * kallsyms aliases at one address only the last was stretched, so it has
 * a size and wins. */
static void finish_table(dso *o, bool later_wins) {
  if (o->n_syms == 0) return;
  qsort(o->syms, o->n_syms, sizeof *o->syms, by_start);
  size_t n = o->n_syms;
  for (size_t i = 0; i < n; i++) {
    if (o->syms[i].end != o->syms[i].start) continue;
    o->syms[i].end = i + 1 < n ? o->syms[i + 1].start : page_after(o->syms[i].start);
    o->syms[i].stretched = o->syms[i].end != o->syms[i].start;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && o->syms[k - 1].start == o->syms[i].start) {
      if (later_wins || !better(o, &o->syms[k - 1], &o->syms[i])) o->syms[k - 1] = o->syms[i];
      continue;
    }
    o->syms[k++] = o->syms[i];
  }
  o->n_syms = k;
}

/* ---- ELF ---- */

static Elf *open_elf(const char *path, int *fd) {
  *fd = pk_file_open_regular(path);
  if (*fd < 0) return NULL;
  Elf *e = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
  if (!e || elf_kind(e) != ELF_K_ELF) {
    if (e) elf_end(e);
    pk_file_close(*fd);
    *fd = -1;
    return NULL;
  }
  return e;
}

static Elf_Scn *find_section(Elf *e, GElf_Word type) {
  for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
    GElf_Shdr sh;
    if (gelf_getshdr(s, &sh) && sh.sh_type == type && sh.sh_entsize) return s;
  }
  return NULL;
}

/* A separate debug file with a .symtab: by build id, then by debug link. */
static Elf *open_debug_file(Elf *e, const char *path, int *fd) {
  char cand[4200];
  const void *id;
  ssize_t n = dwelf_elf_gnu_build_id(e, &id);
  if (n > 1 && n <= 64) {
    const unsigned char *b = id;
    int k = snprintf(cand, sizeof cand, "/usr/lib/debug/.build-id/%02x/", b[0]);
    for (ssize_t i = 1; i < n; i++) k += snprintf(cand + k, sizeof cand - (size_t)k, "%02x", b[i]);
    snprintf(cand + k, sizeof cand - (size_t)k, ".debug");
    Elf *de = open_elf(cand, fd);
    if (de && find_section(de, SHT_SYMTAB)) return de;
    if (de) {
      elf_end(de);
      pk_file_close(*fd);
    }
  }
  GElf_Word crc;
  const char *link = dwelf_elf_gnu_debuglink(e, &crc);
  if (!link || strchr(link, '/')) return NULL;
  const char *slash = strrchr(path, '/');
  int dir = slash ? (int)(slash - path) : 0;
  const char *forms[] = {"/usr/lib/debug%.*s/%s", "%.*s/.debug/%s", "%.*s/%s"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(cand, sizeof cand, forms[i], dir, path, link);
    if (strcmp(cand, path) == 0) continue;
    Elf *de = open_elf(cand, fd);
    if (de && find_section(de, SHT_SYMTAB)) return de;
    if (de) {
      elf_end(de);
      pk_file_close(*fd);
    }
  }
  return NULL;
}

static bool in_text_section(Elf *e, size_t index) {
  size_t shstrndx;
  GElf_Shdr sh;
  Elf_Scn *scn = elf_getscn(e, index);
  const char *name;
  return scn && !elf_getshdrstrndx(e, &shstrndx) && gelf_getshdr(scn, &sh) &&
         (name = elf_strptr(e, shstrndx, sh.sh_name)) && strstr(name, "text");
}

static int read_symbols(dso *o, Elf *e, Elf_Scn *scn) {
  GElf_Shdr sh;
  Elf_Data *data = elf_getdata(scn, NULL);
  if (!gelf_getshdr(scn, &sh) || !data || !sh.sh_entsize) return 0;
  size_t count = data->d_size / sh.sh_entsize;
  for (size_t i = 0; i < count; i++) {
    GElf_Sym s;
    if (!gelf_getsym(data, (int)i, &s)) break;
    int type = GELF_ST_TYPE(s.st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT && type != STT_NOTYPE) continue;
    if (s.st_name == 0 || s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE) continue;
    if (type == STT_NOTYPE && !in_text_section(e, s.st_shndx)) continue; /* perf's labels */
    const char *name = elf_strptr(e, sh.sh_link, s.st_name);
    if (!name || !name[0]) continue;
    int bind = GELF_ST_BIND(s.st_info);
    int binding = bind == STB_WEAK ? BIND_WEAK : bind == STB_GLOBAL ? BIND_GLOBAL : BIND_LOCAL;
    char *demangled = (name[0] == '_' && name[1] == 'Z') ? cplus_demangle(name, DMGL_NO_OPTS) : NULL;
    const char *shown = demangled ? demangled : name;
    int rc = add_sym(o, s.st_value, s.st_size, binding, shown, strlen(shown));
    free(demangled);
    if (rc) return -1;
  }
  return 0;
}

static Elf_Scn *section_named(Elf *e, const char *want, GElf_Shdr *sh) {
  size_t shstrndx;
  if (elf_getshdrstrndx(e, &shstrndx)) return NULL;
  for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
    const char *name;
    if (gelf_getshdr(s, sh) && (name = elf_strptr(e, shstrndx, sh->sh_name)) && strcmp(name, want) == 0) return s;
  }
  return NULL;
}

/* perf's synthesized PLT symbols ("name@plt"), one per .rela.plt entry, in
 * .plt after a header of one entry (perf 6.1 on x86-64).  Added after the
 * table is cleaned, as perf does, so they sit inside a stretched _init. */
static int add_plt_symbols(dso *o, Elf *e) {
  GElf_Shdr rel_sh, plt_sh, dyn_sh;
  Elf_Scn *rel = section_named(e, ".rela.plt", &rel_sh);
  if (!rel) rel = section_named(e, ".rel.plt", &rel_sh);
  Elf_Scn *dyn = rel ? elf_getscn(e, rel_sh.sh_link) : NULL;
  if (!dyn || !gelf_getshdr(dyn, &dyn_sh) || dyn_sh.sh_type != SHT_DYNSYM || !rel_sh.sh_entsize) return 0;
  if (!section_named(e, ".plt", &plt_sh) || !plt_sh.sh_entsize) return 0;
  Elf_Data *rd = elf_getdata(rel, NULL), *sd = elf_getdata(dyn, NULL);
  if (!rd || !sd) return 0;
  size_t count = rel_sh.sh_size / rel_sh.sh_entsize;
  uint64_t at = plt_sh.sh_addr + plt_sh.sh_entsize;
  for (size_t i = 0; i < count; i++, at += plt_sh.sh_entsize) {
    size_t symidx;
    if (rel_sh.sh_type == SHT_RELA) {
      GElf_Rela r;
      if (!gelf_getrela(rd, (int)i, &r)) break;
      symidx = GELF_R_SYM(r.r_info);
    } else {
      GElf_Rel r;
      if (!gelf_getrel(rd, (int)i, &r)) break;
      symidx = GELF_R_SYM(r.r_info);
    }
    GElf_Sym sym;
    const char *name = gelf_getsym(sd, (int)symidx, &sym) ? elf_strptr(e, dyn_sh.sh_link, sym.st_name) : NULL;
    if (!name) name = "";
    char *demangled = (name[0] == '_' && name[1] == 'Z') ? cplus_demangle(name, DMGL_NO_OPTS) : NULL;
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%s@plt", demangled ? demangled : name);
    free(demangled);
    if (n < 0) continue;
    if (add_sym(o, at, plt_sh.sh_entsize, BIND_GLOBAL, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1)) return -1;
  }
  qsort(o->syms, o->n_syms, sizeof *o->syms, by_start);
  return 0;
}

static int load_elf(pk_perf_dsos *d, dso *o) {
  const char *path = d->names + o->name;
  int fd = -1;
  void *image = NULL;
  size_t image_size;
  Elf *e = NULL;
  if (o->kind == PK_DSO_VDSO) {
    if (pk_platform_vdso_copy(&image, &image_size) == 0) e = elf_memory(image, image_size);
  } else {
    e = open_elf(path, &fd);
  }
  if (!e) {
    free(image);
    note_problem(d, "cannot read the ELF file", path);
    return 0;
  }
  size_t nph = 0;
  if (elf_getphdrnum(e, &nph) == 0) {
    for (size_t i = 0; i < nph; i++) {
      GElf_Phdr ph;
      if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD) continue;
      if (PK_GROW(o->loads, o->cap_loads, o->n_loads + 1)) goto oom;
      o->loads[o->n_loads++] = (load_segment){ph.p_offset, ph.p_vaddr, ph.p_filesz};
    }
  }
  int rc = 0;
  Elf_Scn *symtab = find_section(e, SHT_SYMTAB);
  if (symtab) {
    rc = read_symbols(o, e, symtab);
  } else {
    int dfd;
    Elf *de = open_debug_file(e, path, &dfd);
    if (de) {
      rc = read_symbols(o, de, find_section(de, SHT_SYMTAB));
      elf_end(de);
      pk_file_close(dfd);
    } else if ((symtab = find_section(e, SHT_DYNSYM)) != NULL) {
      rc = read_symbols(o, e, symtab);
    }
  }
  finish_table(o, false);
  if (rc == 0) rc = add_plt_symbols(o, e);
  elf_end(e);
  if (fd >= 0) pk_file_close(fd);
  free(image);
  return rc;
oom:
  elf_end(e);
  if (fd >= 0) pk_file_close(fd);
  free(image);
  return -1;
}

/* ---- text tables: kallsyms and perf maps ---- */

static bool parse_hex(const char **s, const char *end, uint64_t *out) {
  const char *p = *s;
  if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) p += 2;
  uint64_t v = 0;
  const char *d0 = p;
  while (p < end && isxdigit((unsigned char)*p)) {
    if (v >> 60) return false;
    v = v * 16 + (uint64_t)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
    p++;
  }
  if (p == d0) return false;
  *s = p;
  *out = v;
  return true;
}

static int load_kallsyms(pk_perf_dsos *d, dso *o) {
  FILE *f = fopen(d->kallsyms_path, "re");
  if (!f) {
    note_problem(d, "cannot read", d->kallsyms_path);
    return 0;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  uint64_t current_text = 0;
  bool have_text = false, nonzero = false;
  int rc = 0;
  while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
    const char *s = line, *end = line + n;
    uint64_t addr;
    if (!parse_hex(&s, end, &addr) || end - s < 3 || s[0] != ' ' || s[2] != ' ') continue;
    char type = (char)toupper((unsigned char)s[1]);
    const char *name = s + 3, *ne = name;
    while (ne < end && *ne != '\t' && *ne != '\n') ne++;
    if (ne < end && *ne == '\t') continue; /* module symbols: not loaded (see docs) */
    if (ne - name == 5 && memcmp(name, "_text", 5) == 0) current_text = addr, have_text = true;
    if (addr) nonzero = true;
    if (type != 'T' && type != 'W' && type != 'D' && type != 'B') continue;
    int binding = s[1] == 'W' ? BIND_WEAK : isupper((unsigned char)s[1]) ? BIND_GLOBAL : BIND_LOCAL;
    rc = add_sym(o, addr, 0, binding, name, (size_t)(ne - name));
  }
  free(line);
  fclose(f);
  if (rc) return rc;
  if (!nonzero) {
    note_problem(d, "kernel addresses are hidden (kptr_restrict) in", d->kallsyms_path);
    o->n_syms = 0;
  }
  if (d->have_kernel_text && have_text && d->kernel_text != current_text)
    for (size_t i = 0; i < o->n_syms; i++) o->syms[i].start += d->kernel_text - current_text;
  for (size_t i = 0; i < o->n_syms; i++) o->syms[i].end = o->syms[i].start;
  finish_table(o, false);
  return 0;
}

static int load_perf_map(pk_perf_dsos *d, dso *o) {
  const char *path = d->names + o->name;
  int fd = pk_file_open_regular(path);
  FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
  if (!f) {
    if (fd >= 0) pk_file_close(fd);
    note_problem(d, "cannot read the JIT map", path);
    return 0;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int rc = 0;
  while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
    const char *s = line, *end = line + n;
    while (end > s && (end[-1] == '\n' || end[-1] == '\r')) end--;
    uint64_t start, size;
    if (!parse_hex(&s, end, &start) || s >= end || *s++ != ' ') continue;
    if (!parse_hex(&s, end, &size) || s >= end || *s++ != ' ') continue;
    rc = add_sym(o, start, size, BIND_GLOBAL, s, (size_t)(end - s));
  }
  free(line);
  fclose(f);
  finish_table(o, true);
  return rc;
}

/* ---- lookup ---- */

static uint64_t offset_to_vaddr(const dso *o, uint64_t off) {
  for (size_t i = 0; i < o->n_loads; i++) {
    const load_segment *l = &o->loads[i];
    if (off >= l->offset && off - l->offset < l->filesz) return off - l->offset + l->vaddr;
  }
  return off;
}

bool pk_perf_dso_lookup(pk_perf_dsos *d, int32_t id, uint64_t addr, pk_perf_sym *out, uint64_t *vaddr) {
  dso *o = &d->dsos[id];
  if (!o->loaded) {
    o->loaded = true;
    int rc = 0;
    if (o->kind == PK_DSO_ELF || o->kind == PK_DSO_VDSO) rc = load_elf(d, o);
    else if (o->kind == PK_DSO_KERNEL) rc = load_kallsyms(d, o);
    else if (o->kind == PK_DSO_PERF_MAP) rc = load_perf_map(d, o);
    if (rc) {
      o->n_syms = 0;
      note_problem(d, "out of memory reading", d->names + o->name);
    }
  }
  uint64_t a = (o->kind == PK_DSO_ELF || o->kind == PK_DSO_VDSO) ? offset_to_vaddr(o, addr) : addr;
  *vaddr = a;
  size_t lo = 0, hi = o->n_syms;
  while (lo < hi) { /* first symbol starting after a */
    size_t mid = lo + (hi - lo) / 2;
    if (o->syms[mid].start <= a) lo = mid + 1;
    else hi = mid;
  }
  /* the last symbol starting at or before a that holds it (PLT entries
   * lie inside a stretched _init, labels inside functions: look a little
   * further back, preferring a symbol whose size the file gave) */
  const sym_entry *s = NULL;
  for (size_t i = lo, tries = 0; i > 0 && tries < 16 && (!s || s->stretched); i--, tries++) {
    const sym_entry *c = &o->syms[i - 1];
    if (a < c->end || (a == c->start && c->end == c->start)) {
      if (!s || !c->stretched) s = c; /* a sized symbol beats a stretched label */
    }
  }
  if (!s) return false;
  lo = (size_t)(s - o->syms) + 1;
  out->name = o->pool + s->name;
  out->name_len = s->name_len;
  out->start = s->start;
  out->index = (uint32_t)(lo - 1);
  return true;
}
