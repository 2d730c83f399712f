# embed_text.cmake - turns a text file into a C array at build time.
# cmake -DIN=file -DOUT=file.c -DNAME=symbol [-DFORBID=text] -P embed_text.cmake
# writes `const char NAME[]` (NUL-terminated) and `const size_t NAME_len`.
# Bytes are written as hex, so no escaping can go wrong.  The text must not
# contain what would end the element it is embedded in: FORBID (default
# "]]>", the end of the SVG script's CDATA section; the HTML page passes
# "</script" or "</style").
if(NOT DEFINED FORBID)
  set(FORBID "]]>")
endif()
file(READ ${IN} text)
string(TOLOWER "${text}" lower_text)
string(TOLOWER "${FORBID}" lower_forbid)
string(FIND "${lower_text}" "${lower_forbid}" forbidden_at)
if(NOT forbidden_at EQUAL -1)
  message(FATAL_ERROR "${IN} contains \"${FORBID}\", which would end the element it is embedded in")
endif()
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from ${IN} by embed_text.cmake; do not edit. */\n#include <stddef.h>\nconst char ${NAME}[] = {\n${bytes}0x00};\nconst size_t ${NAME}_len = ${len};\n")
