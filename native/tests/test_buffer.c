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
