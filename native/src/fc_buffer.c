/* Aligned, zeroed host buffers with a live count so tests can prove the managed side frees them. */
#include "fc_internal.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__unix__)
#include <sys/mman.h>
#include <unistd.h>
#endif

struct fc_buffer {
    void *data;
    size_t size;
    size_t mapped; /* bytes of the buffer's own anonymous mapping; 0: data came from aligned_alloc */
};

static _Atomic int64_t live_buffers;

/* Buffers of at least one 2 MiB huge page get their own anonymous mapping, trimmed to start on a huge-page
 * boundary, with transparent huge pages asked for (THP in "madvise" mode, the common default, gives none
 * otherwise). Decode streams the repacked weights through many interleaved row strips; with 4 KiB pages every
 * 4 KiB of each stream costs a TLB miss, and single-thread decode ran 8-10% slower (a plain sequential read is
 * the same speed either way). The kernel hands out such pages zeroed on first touch, so nothing is written
 * here: the pages fault in where the buffer is first filled (the repack, on every thread), and a buffer costs
 * memory only as far as it is written. Smaller buffers come from aligned_alloc and are zeroed. */
enum { HUGE_PAGE = 2 << 20 };

#if defined(__unix__) && defined(MAP_ANONYMOUS)
static void *map_zeroed(size_t bytes, size_t *mapped) {
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    const size_t length = (bytes + page - 1) / page * page;
    if (length > SIZE_MAX - HUGE_PAGE) return NULL;
    char *base = mmap(NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return NULL;
    char *data = (char *)(((uintptr_t)base + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (data > base) munmap(base, (size_t)(data - base)); /* trim to the huge-page boundary */
    const size_t tail = (size_t)(base + length + HUGE_PAGE - (data + length));
    if (tail) munmap(data + length, tail);
#if defined(MADV_HUGEPAGE)
    (void)madvise(data, length / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE); /* advice only: may stay small pages */
#endif
    *mapped = length;
    return data;
}
#endif

fc_buffer *fc_buffer_alloc(size_t size, size_t alignment) {
    fc_clear_error();
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_buffer_alloc: alignment %zu is not a power of two >= %zu",
                     alignment, sizeof(void *));
        return NULL;
    }
    /* aligned_alloc wants a size that is a multiple of the alignment; round up, guarding overflow. */
    if (size > SIZE_MAX - alignment) {
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_buffer_alloc: size %zu overflows", size);
        return NULL;
    }
    const size_t padded = size == 0 ? alignment : (size + alignment - 1) & ~(alignment - 1);

    fc_buffer *buffer = malloc(sizeof *buffer);
    void *data = NULL;
    size_t mapped = 0;
#if defined(__unix__) && defined(MAP_ANONYMOUS)
    if (buffer && padded >= HUGE_PAGE && alignment <= HUGE_PAGE) data = map_zeroed(padded, &mapped);
#endif
    if (buffer && !data) {
        data = aligned_alloc(alignment, padded);
        if (data) memset(data, 0, padded);
    }
    if (!data) {
        free(buffer);
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_buffer_alloc: cannot allocate %zu bytes", size);
        return NULL;
    }
    buffer->data = data;
    buffer->size = size;
    buffer->mapped = mapped;
    atomic_fetch_add(&live_buffers, 1);
    return buffer;
}

void *fc_buffer_data(const fc_buffer *buffer) { return buffer ? buffer->data : NULL; }

size_t fc_buffer_size(const fc_buffer *buffer) { return buffer ? buffer->size : 0; }

void fc_buffer_free(fc_buffer *buffer) {
    if (!buffer) return;
#if defined(__unix__) && defined(MAP_ANONYMOUS)
    if (buffer->mapped) munmap(buffer->data, buffer->mapped);
    else
#endif
        free(buffer->data);
    free(buffer);
    atomic_fetch_sub(&live_buffers, 1);
}

int64_t fc_buffer_live_count(void) { return atomic_load(&live_buffers); }

int32_t fc_release_mapped_pages(const void *addr, size_t bytes) {
#if defined(__unix__) && defined(MADV_DONTNEED)
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    const uintptr_t start = ((uintptr_t)addr + page - 1) / page * page, end = ((uintptr_t)addr + bytes) / page * page;
    if (!addr || end <= start) return 0;
    /* read-only file pages: dropping them loses nothing, the file still holds every byte */
    return madvise((void *)start, end - start, MADV_DONTNEED) == 0;
#else
    (void)addr;
    (void)bytes;
    return 0;
#endif
}
