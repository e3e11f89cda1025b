#ifndef CLMDB_SHIM_H
#define CLMDB_SHIM_H
// Debian's liblmdb-dev (0.9.24 on bookworm): lmdb.h, liblmdb.so and pkg-config "lmdb".
#include <lmdb.h>
#endif
