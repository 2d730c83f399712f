/*
 * version.c - the library's version at run time (see profkit/version.h).
 *
 * The macros come from the generated header the library was built with,
 * so these return the version of the code actually loaded, whatever
 * headers the caller compiled against.
 */
#include "profkit/version.h"

const char *pk_version(void) { return PK_VERSION_STRING; }

int pk_version_number(void) { return PK_VERSION_NUMBER; }
