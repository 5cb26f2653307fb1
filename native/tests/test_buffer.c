/* Buffers are aligned, zeroed, counted, and bad arguments fail with a message instead of crashing. */
#include <stdint.h>
#include <string.h>

#include "fastchat.h"
#include "fc_test.h"

int main(void) {
    const int64_t live_before = fc_buffer_live_count();

    fc_buffer *b = fc_buffer_alloc(1000, 64);
    CHECK(b != NULL);
    CHECK(fc_buffer_size(b) == 1000);
    CHECK(((uintptr_t)fc_buffer_data(b) % 64) == 0);
    const unsigned char *bytes = fc_buffer_data(b);
    int all_zero = 1;
    for (int i = 0; i < 1000; i++) all_zero &= bytes[i] == 0;
    CHECK(all_zero);
    CHECK(fc_buffer_live_count() == live_before + 1);
    fc_buffer_free(b);
    CHECK(fc_buffer_live_count() == live_before);

    /* a buffer of a huge page or more starts on a huge-page boundary (so THP can back it); every byte of a
     * size that is not a whole number of huge pages is zeroed and writable */
    const size_t big = ((size_t)5 << 20) + 4097;
    fc_buffer *large = fc_buffer_alloc(big, 64);
    CHECK(large != NULL && fc_buffer_size(large) == big);
    CHECK(((uintptr_t)fc_buffer_data(large) % ((uintptr_t)2 << 20)) == 0);
    unsigned char *large_bytes = fc_buffer_data(large);
    unsigned char any = 0;
    for (size_t i = 0; i < big; i += 4096) any |= large_bytes[i];
    CHECK(any == 0 && large_bytes[big - 1] == 0);
    memset(large_bytes, 0xab, big);
    CHECK(large_bytes[big - 1] == 0xab);
    fc_buffer_free(large);

    fc_buffer *empty = fc_buffer_alloc(0, 16);
    CHECK(empty != NULL && fc_buffer_size(empty) == 0);
    fc_buffer_free(empty);

    CHECK(fc_buffer_alloc(16, 3) == NULL);
    CHECK(strstr(fc_last_error(), "alignment") != NULL);
    CHECK(fc_buffer_alloc(SIZE_MAX - 8, 64) == NULL);
    CHECK(strlen(fc_last_error()) > 0);

    fc_buffer_free(NULL); /* ignored */
    CHECK(fc_buffer_live_count() == live_before);
    return TEST_RESULT();
}
