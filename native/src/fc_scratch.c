/* Scratch blocks kept between kernel calls, one cache slot per kernel family (see fc_scratch.h). */
#include "fc_scratch.h"

#include <stdlib.h>

enum { KEEP_LIMIT = 64 << 20 }; /* larger blocks are freed after use */

typedef struct {
    size_t size; /* usable bytes after the 64-byte header */
} scratch_header;

static size_t align64(size_t v) { return (v + 63) & ~(size_t)63; }

char *fc_scratch_take(fc_scratch_cache *cache, size_t size) {
    scratch_header *h = atomic_exchange(&cache->block, NULL);
    if (h && h->size < size) {
        free(h);
        h = NULL;
    }
    if (!h) {
        h = aligned_alloc(64, 64 + align64(size));
        if (!h) return NULL;
        h->size = align64(size);
    }
    return (char *)h + 64;
}

void fc_scratch_give(fc_scratch_cache *cache, char *p) {
    if (!p) return;
    scratch_header *h = (scratch_header *)(p - 64);
    if (h->size > (size_t)KEEP_LIMIT) {
        free(h);
        return;
    }
    free(atomic_exchange(&cache->block, h));
}
