/*
 * Scratch memory kept between kernel calls (internal). A fresh large allocation is a fresh mmap whose page
 * faults cost several percent of a batched call, so each kernel family keeps one block (up to 64 MiB) in its
 * own cache slot and takes it again next call. Concurrent calls each get their own block: a call that finds
 * the slot empty allocates, and the last one to give back keeps its block.
 */
#ifndef FC_SCRATCH_H
#define FC_SCRATCH_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct {
    _Atomic(void *) block;
} fc_scratch_cache;

/* A 64-byte aligned block of at least `size` bytes (uninitialised), or NULL when out of memory. */
char *fc_scratch_take(fc_scratch_cache *cache, size_t size);

/* Returns a block from fc_scratch_take on the same cache (NULL is ignored). */
void fc_scratch_give(fc_scratch_cache *cache, char *p);

#endif
