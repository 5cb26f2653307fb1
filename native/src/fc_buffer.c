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
    void *data = buffer ? aligned_alloc(alignment, padded) : NULL;
    if (!data) {
        free(buffer);
        fc_set_error(FC_ERR_OUT_OF_MEMORY, "fc_buffer_alloc: cannot allocate %zu bytes", size);
        return NULL;
    }
    memset(data, 0, padded);
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
