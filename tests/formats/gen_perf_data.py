#!/usr/bin/env python3
"""gen_perf_data.py - writes small perf.data files by hand: one valid file
(two samples with call chains, comm, mmap2, fork) and hostile variants of
it for testdata/formats/errors (see expected.tsv there).

    python3 gen_perf_data.py OUTDIR

The valid file names no ELF file that exists, so its frames are
[unknown] in the mapped object and the result depends on nothing on the
machine: it is the fuzzer's seed and the error fixtures' base.
"""
import os
import struct
import sys

SAMPLE_TYPE = 1 | 2 | 4 | 32 | 256  # IP TID TIME CALLCHAIN PERIOD


def attr():
    a = bytearray(128)
    struct.pack_into('<IIQQQQQ', a, 0, 1, 128, 0, 4000, SAMPLE_TYPE, 0, 1 << 18)  # cpu-clock, sample_id_all
    return bytes(a)


def rec(rtype, body, misc=0):
    return struct.pack('<IHH', rtype, misc, 8 + len(body)) + body


def trailer(pid, tid, time):
    return struct.pack('<IIQ', pid, tid, time)


def comm(pid, tid, name, time):
    n = name.encode() + b'\0'
    n += b'\0' * (-len(n) % 8)
    return rec(3, struct.pack('<II', pid, tid) + n + trailer(pid, tid, time))


def mmap2(pid, start, length, name, time):
    n = name.encode() + b'\0'
    n += b'\0' * (-len(n) % 8)
    body = struct.pack('<IIQQQIIQQII', pid, pid, start, length, 0, 0, 0, 0, 0, 5, 2) + n
    return rec(10, body + trailer(pid, pid, time), misc=2)


def fork(pid, ppid, time):
    return rec(7, struct.pack('<IIIIQ', pid, ppid, pid, ppid, time) + trailer(pid, pid, time))


def sample(pid, time, chain, misc=2):
    body = struct.pack('<QIIQQQ', chain[0], pid, pid, time, 250000, len(chain) + 1)
    body += struct.pack('<Q', (1 << 64) - 512) + b''.join(struct.pack('<Q', ip) for ip in chain)
    return rec(9, body, misc)


def perf_file(records, event_name=b'cpu-clock'):
    a = attr()
    ids_off = 104
    ids = struct.pack('<Q', 7)
    attrs_off = ids_off + len(ids)
    attrs = a + struct.pack('<QQ', ids_off, len(ids))
    data_off = attrs_off + len(attrs)
    data = b''.join(records)
    feat_off = data_off + len(data)
    name = event_name + b'\0' * (8 - len(event_name) % 8)
    desc = struct.pack('<II', 1, len(a)) + a + struct.pack('<II', 1, len(name)) + name + struct.pack('<Q', 7)
    feat_table = struct.pack('<QQ', feat_off + 16, len(desc))
    bits = bytearray(32)
    bits[12 // 8] |= 1 << (12 % 8)
    header = b'PERFILE2' + struct.pack('<QQQQQQQQ', 104, len(attrs), attrs_off, len(attrs), data_off, len(data), 0, 0) + bytes(bits)
    assert len(header) == 104
    return header + ids + attrs + data + feat_table + desc


def valid_records():
    return [
        comm(100, 100, 'app', 1000),
        mmap2(100, 0x400000, 0x10000, '/nonexistent/app', 1001),
        sample(100, 2000, [0x401000, 0x402000]),
        fork(101, 100, 2500),
        comm(101, 101, 'worker', 2600),
        sample(101, 3000, [0x401000, 0x403000, 0x7f0000000000]),
    ]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    good = perf_file(valid_records())
    files = {
        'valid.perf.data': good,
        'perf-truncated-header.data': good[:60],
        'perf-other-endian.data': b'2ELIFREP' + good[8:],
        'perf-pipe.data': b'PERFILE2' + struct.pack('<Q', 16) + good[16:],
    }
    bad = bytearray(good)  # data section claims to run past the end
    struct.pack_into('<Q', bad, 48, len(good))
    files['perf-data-past-end.data'] = bytes(bad)
    recs = valid_records()
    zero = recs[:2] + [struct.pack('<IHH', 9, 2, 0) + b'\0' * 40] + recs[2:]
    files['perf-record-size-zero.data'] = perf_file(zero)
    huge = bytearray(sample(100, 2000, [0x401000]))
    struct.pack_into('<Q', huge, 8 + 32, 1 << 61)  # call chain length past the record
    files['perf-callchain-overflow.data'] = perf_file(recs[:2] + [bytes(huge)])
    files['perf-compressed.data'] = perf_file(recs[:2] + [rec(81, b'\0' * 16)])
    short = rec(10, b'\0' * 20)  # an mmap2 too short for its fields
    files['perf-short-mmap.data'] = perf_file(recs[:1] + [short] + recs[2:])
    for name, data in files.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
