/*
 * perf_data_file.h - the layout of a perf.data file: header, event
 * attributes, feature sections and record framing (private).
 *
 * pk_perf_file_open checks the header and every section against the
 * buffer and reads the attributes (with their names from the EVENT_DESC
 * feature); pk_perf_file_index walks the data section once, checks each
 * record's framing and returns the records perf.data readers act on
 * (samples, comm, mmap, mmap2, fork, exit) with their timestamps, in the
 * order `perf script` delivers them (by time, file order within a time).
 * pk_perf_sample_decode reads one sample's fields.  Every read is bounds
 * checked; an error names the byte offset where the file stops making
 * sense.  Only native-endian files of the seekable (non-pipe) kind are
 * read; the others are refused with a message saying so.
 */
#ifndef PROFKIT_PERF_DATA_FILE_H
#define PROFKIT_PERF_DATA_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profkit/error.h"

enum {
  PK_PERF_RECORD_MMAP = 1,
  PK_PERF_RECORD_COMM = 3,
  PK_PERF_RECORD_EXIT = 4,
  PK_PERF_RECORD_FORK = 7,
  PK_PERF_RECORD_SAMPLE = 9,
  PK_PERF_RECORD_MMAP2 = 10,
};

enum {
  PK_PERF_SAMPLE_IP = 1u << 0,
  PK_PERF_SAMPLE_TID = 1u << 1,
  PK_PERF_SAMPLE_TIME = 1u << 2,
  PK_PERF_SAMPLE_ADDR = 1u << 3,
  PK_PERF_SAMPLE_READ = 1u << 4,
  PK_PERF_SAMPLE_CALLCHAIN = 1u << 5,
  PK_PERF_SAMPLE_ID = 1u << 6,
  PK_PERF_SAMPLE_CPU = 1u << 7,
  PK_PERF_SAMPLE_PERIOD = 1u << 8,
  PK_PERF_SAMPLE_STREAM_ID = 1u << 9,
  PK_PERF_SAMPLE_REGS_USER = 1u << 12,
  PK_PERF_SAMPLE_STACK_USER = 1u << 13,
  PK_PERF_SAMPLE_IDENTIFIER = 1u << 16,
};

typedef struct pk_perf_attr {
  uint32_t type;
  uint64_t config, sample_type, read_format;
  bool sample_id_all;
  char name[128];
} pk_perf_attr;

typedef struct pk_perf_record {
  uint64_t time;     /* 0 when the record has none */
  uint64_t offset;   /* of its header in the file */
} pk_perf_record;

typedef struct pk_perf_file {
  const uint8_t *buf;
  size_t len;
  const char *path;
  pk_perf_attr *attrs;
  size_t n_attrs;
  uint64_t *ids;       /* sorted sample ids ... */
  uint32_t *id_attr;   /* ... and the attribute each names */
  size_t n_ids;
  uint64_t data_offset, data_size;
} pk_perf_file;

typedef struct pk_perf_sample {
  const pk_perf_attr *attr;
  uint16_t misc;
  uint64_t ip, time, period;
  uint32_t pid, tid, cpu;
  const uint8_t *chain;  /* nr entries of 8 bytes (unaligned) */
  uint64_t chain_nr;
} pk_perf_sample;

bool pk_perf_file_probe(const char *buf, size_t len);
int pk_perf_file_open(pk_perf_file *f, const char *buf, size_t len, const char *path, pk_error *err);
void pk_perf_file_close(pk_perf_file *f);
/* The records to replay, sorted; *out is malloc'd. */
int pk_perf_file_index(pk_perf_file *f, pk_perf_record **out, size_t *count, pk_error *err);
/* Decodes the sample whose record starts at offset: 0, or 1 when the
 * sample names no attribute (skip it), or PK_EPARSE (err set) when a field
 * runs past the record. */
int pk_perf_sample_decode(const pk_perf_file *f, uint64_t offset, pk_perf_sample *s, pk_error *err);
/* Little helpers shared with perf_data.c. */
uint64_t pk_perf_u64(const uint8_t *p);
uint32_t pk_perf_u32(const uint8_t *p);
uint16_t pk_perf_u16(const uint8_t *p);

#endif
