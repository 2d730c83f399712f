# embed_text.cmake - turns a text file into a C array at build time.
# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed_text.cmake
# writes `const char NAME[]` (NUL-terminated) and `const size_t NAME_len`.
# Bytes are written as hex, so no escaping can go wrong.  The SVG script is
# embedded inside CDATA, so a "]]>" in it would end the section: refused.
file(READ ${IN} text)
string(FIND "${text}" "]]>" cdata_end)
if(NOT cdata_end EQUAL -1)
  message(FATAL_ERROR "${IN} contains \"]]>\", which would end the CDATA section")
endif()
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from ${IN} by embed_text.cmake; do not edit. */\n#include <stddef.h>\nconst char ${NAME}[] = {\n${bytes}0x00};\nconst size_t ${NAME}_len = ${len};\n")
