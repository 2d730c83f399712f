#!/usr/bin/env python3
"""jfr_write.py - writes small Java Flight Recorder files with known
content, for the JFR reader's tests, fuzz seed and error fixtures.

    jfr_write.py OUT [VARIANT]

VARIANT `good` (default) is a two-chunk recording: metadata with the
classes the JDK uses for samples (plus an unrelated event whose fields are
a double, an inline array of structs and a string, to be skipped), symbols
in the three string encodings (UTF-8, UTF-16 units, Latin-1), a package
pool the reader skips, and the samples whose folded stacks
jfr_reader.sh expects.  Other variants are the same file damaged in one
way each (see VARIANTS); the reader must refuse them naming the offset.

The layout follows the JFR 2.x chunk format: a 68-byte big-endian header,
events of (compressed size, compressed type, fields), type 0 the metadata
event, type 1 a constant-pool event.
"""
import struct
import sys


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    for _ in range(8):
        if v < 0x80:
            out.append(v)
            return bytes(out)
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v & 0xFF)
    return bytes(out)


def utf8(s):
    b = s.encode('utf-8')
    return b'\x03' + varint(len(b)) + b


def chars(s):
    units = s.encode('utf-16-be')
    units = [int.from_bytes(units[i:i + 2], 'big') for i in range(0, len(units), 2)]
    return b'\x04' + varint(len(units)) + b''.join(varint(u) for u in units)


def latin1(s):
    b = s.encode('latin-1')
    return b'\x05' + varint(len(b)) + b


def event(type_id, body):
    """size counts itself: written as 4 padded varint bytes, as the JDK does"""
    size = 4 + len(varint(type_id)) + len(body)
    padded = bytes([(size & 0x7F) | 0x80, ((size >> 7) & 0x7F) | 0x80, ((size >> 14) & 0x7F) | 0x80,
                    (size >> 21) & 0x7F])
    return padded + varint(type_id) + body


# class id, name, [(field name, type id, pooled, array)]
CLASSES = [
    (20, 'long', []), (21, 'int', []), (22, 'boolean', []), (23, 'java.lang.String', []), (24, 'double', []),
    (30, 'jdk.types.Symbol', [('string', 23, False, False)]),
    (36, 'jdk.types.Package', [('name', 30, True, False), ('exported', 22, False, False)]),
    (31, 'java.lang.Class', [('classLoader', 20, False, False), ('name', 30, True, False),
                             ('package', 36, True, False), ('modifiers', 21, False, False)]),
    (32, 'jdk.types.Method', [('type', 31, True, False), ('name', 30, True, False),
                              ('descriptor', 30, True, False), ('modifiers', 21, False, False),
                              ('hidden', 22, False, False)]),
    (33, 'jdk.types.StackFrame', [('method', 32, True, False), ('lineNumber', 21, False, False),
                                  ('bytecodeIndex', 21, False, False), ('type', 30, True, False)]),
    (34, 'jdk.types.StackTrace', [('truncated', 22, False, False), ('frames', 33, False, True)]),
    (35, 'java.lang.Thread', [('javaName', 23, False, False), ('javaThreadId', 20, False, False)]),
    (100, 'jdk.ExecutionSample', [('startTime', 20, False, False), ('sampledThread', 35, True, False),
                                  ('stackTrace', 34, True, False), ('state', 30, True, False)]),
    (101, 'jdk.NativeMethodSample', [('startTime', 20, False, False), ('sampledThread', 35, True, False),
                                     ('stackTrace', 34, True, False), ('state', 30, True, False)]),
    (102, 'jdk.ObjectAllocationSample', [('startTime', 20, False, False), ('eventThread', 35, True, False),
                                         ('stackTrace', 34, True, False), ('objectClass', 31, True, False),
                                         ('weight', 20, False, False)]),
    (103, 'jdk.ObjectAllocationInNewTLAB', [('startTime', 20, False, False), ('eventThread', 35, True, False),
                                            ('stackTrace', 34, True, False), ('objectClass', 31, True, False),
                                            ('allocationSize', 20, False, False), ('tlabSize', 20, False, False)]),
    (110, 'test.Other', [('startTime', 20, False, False), ('ratio', 24, False, False),
                         ('frames', 33, False, True), ('label', 23, False, False)]),
]


def metadata(variant):
    strings = []

    def s(x):
        if x not in strings:
            strings.append(x)
        return strings.index(x)

    def element(name, attrs, children):
        out = varint(s(name)) + varint(len(attrs))
        for k, v in attrs:
            out += varint(s(k)) + varint(s(v))
        return out + varint(len(children)) + b''.join(children)

    classes = []
    for cid, name, fields in CLASSES:
        kids = []
        for fname, ftype, pooled, array in fields:
            attrs = [('name', fname), ('class', str(ftype))]
            if pooled:
                attrs.append(('constantPool', 'true'))
            if array:
                attrs.append(('dimension', '1'))
            kids.append(element('field', attrs, []))
        kids.append(element('annotation', [('class', '20')], []))
        attrs = [('name', name), ('id', str(cid))] + ([('superType', 'jdk.jfr.Event')] if cid >= 100 else []) \
            + ([('simpleType', 'true')] if name == 'jdk.types.Symbol' else [])
        classes.append(element('class', attrs, kids))
    root = element('root', [], [element('metadata', [], classes), element('region', [('locale', 'en_US')], [])])
    table = b''.join(chars(x) if i % 2 else utf8(x) for i, x in enumerate(strings))
    if variant == 'bad-string-index':  # the root's name points past the table
        root = varint(len(strings) + 7) + root[len(varint(s('root'))):]
    return event(0, varint(0) + varint(0) + varint(1) + varint(len(strings)) + table + root)


def pools(base, variant):
    """symbols, package, classes, methods, stack traces; keys offset by base (per chunk)"""
    sym = [(base + 1, utf8('Main')), (base + 2, utf8('main')), (base + 3, chars('java/util/Random')),
           (base + 4, chars('nextInt')), (base + 5, latin1('Caf\xe9')), (base + 6, latin1('brew')),
           (base + 7, chars('\u00dcn\u00ef/c\u00f6d\u00e9')), (base + 8, utf8('run\U0001F600')),
           (base + 9, utf8('()V')), (base + 10, utf8('java/util'))]
    symbols = varint(30) + varint(len(sym)) + b''.join(varint(k) + v for k, v in sym)
    package = varint(36) + varint(1) + varint(base + 40) + varint(base + 10) + b'\x01'
    cls = [(base + 11, base + 1), (base + 12, base + 3), (base + 13, base + 5), (base + 14, base + 7)]
    classes = varint(31) + varint(len(cls)) + b''.join(
        varint(k) + varint(0) + varint(n) + varint(base + 40) + varint(1) for k, n in cls)
    meth = [(base + 21, base + 11, base + 2), (base + 22, base + 12, base + 4), (base + 23, base + 13, base + 6),
            (base + 24, base + 14, base + 8)]
    methods = varint(32) + varint(len(meth)) + b''.join(
        varint(k) + varint(c) + varint(n) + varint(base + 9) + varint(9) + b'\x00' for k, c, n in meth)

    def frames(ms):
        n = 100000 if variant == 'long-stack' and len(ms) == 2 and ms[0] == ms[1] else len(ms)
        return varint(n) + b''.join(varint(m) + varint(10 + i) + varint(3) + varint(base + 2)
                                          for i, m in enumerate(ms))
    st = [(base + 31, [base + 22, base + 21]), (base + 32, [base + 23, base + 21]),
          (base + 33, [base + 24, base + 23, base + 21])]
    if variant == 'long-stack':  # a stack trace claiming more frames than its event has bytes
        st[0] = (base + 31, [base + 22] * 2)
    stacks = varint(34) + varint(len(st)) + b''.join(varint(k) + b'\x00' + frames(ms) for k, ms in st)
    threads = varint(35) + varint(1) + varint(base + 50) + utf8('worker') + varint(7)
    body = varint(0) + varint(0) + varint(0) + b'\x00' + varint(6) + symbols + package + classes + methods \
        + stacks + threads
    return event(1, body)


def samples(base, chunk, variant):
    def sample(kind, stack, extra=b''):
        return event(kind, varint(1000) + varint(base + 50) + varint(base + stack) + extra)
    other = event(110, varint(5) + struct.pack('>d', 0.5) + varint(2) +
                  (varint(base + 21) + varint(1) + varint(2) + varint(base + 2)) * 2 + latin1('x'))
    if variant == 'no-samples':
        return other
    if chunk == 1:
        return (sample(100, 31, varint(base + 2)) * 3 + sample(100, 32, varint(base + 2)) + other +
                sample(101, 33, varint(base + 2)) * 2 + sample(102, 32, varint(base + 13) + varint(1000)) +
                sample(103, 31, varint(base + 12) + varint(64) + varint(4096)) + sample(100, 99, varint(base + 2)))
    return sample(100, 31, varint(base + 2))


def chunk(base, n, variant):
    meta = metadata(variant)
    body = pools(base, variant) + samples(base, n, variant)
    if variant == 'event-size-zero' and n == 1:
        body = body + b'\x00\x00'
    pool_at = 68
    meta_at = 68 + len(body)
    size = meta_at + len(meta)
    major = 1 if variant == 'version-1' else 2
    header = b'FLR\x00' + struct.pack('>HHqqqqqqqI', major, 1, size, pool_at, meta_at, 0, 10 ** 9, 0, 10 ** 9, 1)
    return header + body + meta


VARIANTS = {
    'good': 'the two-chunk recording',
    'truncated': 'the recording cut inside its first chunk',
    'version-1': 'a JFR 1.0 header (JDK 9 and 10), refused',
    'event-size-zero': 'an event whose size is 0',
    'bad-string-index': "the metadata root's name is a string index past the table",
    'no-samples': 'a recording without sample events',
    'long-stack': 'a stack trace of 100000 frames in a pool event of a few hundred bytes',
}


def main():
    out, variant = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 'good'
    if variant not in VARIANTS:
        sys.exit('variants: ' + ', '.join(VARIANTS))
    data = chunk(0, 1, variant) + chunk(1000, 2, variant)
    if variant == 'truncated':
        data = data[:300]
    with open(out, 'wb') as fh:
        fh.write(data)


if __name__ == '__main__':
    main()
