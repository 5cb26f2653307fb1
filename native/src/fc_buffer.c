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
};

static _Atomic int64_t live_buffers;

/* Buffers of at least one 2 MiB huge page start on a huge-page boundary and ask the kernel for transparent
 * huge pages (THP in "madvise" mode, the common default, gives none otherwise). Decode streams the repacked
 * weights through many interleaved row strips; with 4 KiB pages every 4 KiB of each stream costs a TLB miss,
 * and single-thread decode ran 8-10% slower (a plain sequential read is the same speed either way). The size
 * is not padded to whole huge pages: the tail keeps small pages and wastes nothing. */
enum { HUGE_PAGE = 2 << 20 };

static size_t alignment_for(size_t size, size_t alignment) {
#if defined(__unix__) && defined(MADV_HUGEPAGE)
    if (size >= HUGE_PAGE && alignment < HUGE_PAGE) return HUGE_PAGE;
#endif
    return alignment;
}

static void advise_huge_pages(void *data, size_t size) {
#if defined(__unix__) && defined(MADV_HUGEPAGE)
    /* advice only: where THP is off or unavailable the buffer keeps small pages */
    if (size >= HUGE_PAGE) (void)madvise(data, size / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE);
#else
    (void)data;
    (void)size;
#endif
}

fc_buffer *fc_buffer_alloc(size_t size, size_t alignment) {
    fc_clear_error();
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_buffer_alloc: alignment %zu is not a power of two >= %zu",
                     alignment, sizeof(void *));
        return NULL;
    }
    /* aligned_alloc wants a size that is a multiple of the alignment; round up, guarding overflow. */
    const size_t placement = alignment_for(size, alignment);
    if (size > SIZE_MAX - placement) {
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_buffer_alloc: size %zu overflows", size);
        return NULL;
    }
    const size_t used = size == 0 ? alignment : (size + alignment - 1) & ~(alignment - 1);
    const size_t reserved = (used + placement - 1) & ~(placement - 1); /* past `used`: never touched */

    fc_buffer *buffer = malloc(sizeof *buffer);
    void *data = buffer ? aligned_alloc(placement, reserved) : NULL;
    if (!data) {
        free(buffer);
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_buffer_alloc: cannot allocate %zu bytes", size);
        return NULL;
    }
    advise_huge_pages(data, used);
    memset(data, 0, used); /* the first touch, after the advice, so the pages fault in huge */
    buffer->data = data;
    buffer->size = size;
    atomic_fetch_add(&live_buffers, 1);
    return buffer;
}

void *fc_buffer_data(const fc_buffer *buffer) { return buffer ? buffer->data : NULL; }

size_t fc_buffer_size(const fc_buffer *buffer) { return buffer ? buffer->size : 0; }

void fc_buffer_free(fc_buffer *buffer) {
    if (!buffer) return;
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
