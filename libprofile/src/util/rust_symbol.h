/*
 * rust_symbol.h - repair of half-demangled Rust symbols (private).
 *
 * Tools that demangle with a C++ demangler leave Rust's legacy mangling
 * inside the names: `_$LT$std..fs..ReadDir$u20$as$u20$Iterator$GT$::next::hc14f1750ca79129b`.
 * pk_rust_symbol_fix turns such a name into `<std::fs::ReadDir as
 * Iterator>::next` (the hash dropped, `..` to `::`, the `$..$` escapes
 * decoded), the rules of inferno's collapsers, so their expected outputs
 * can be met.  Names without the trailing `::h<16 hex>` hash are left alone.
 */
#ifndef PROFKIT_RUST_SYMBOL_H
#define PROFKIT_RUST_SYMBOL_H

#include <stddef.h>

/* Writes the repaired name to out (capacity n + 1 is always enough) and
 * returns its length, or returns 0 when s is no half-demangled symbol. */
size_t pk_rust_symbol_fix(const char *s, size_t n, char *out);

#endif
