/* A minimal assertion harness for the native unit tests: each test binary returns non-zero on failure. */
#ifndef FC_TEST_H
#define FC_TEST_H

#include <stdio.h>

static int fc_test_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            fc_test_failures++;                                                      \
        }                                                                            \
    } while (0)

#define TEST_RESULT() (fc_test_failures == 0 ? 0 : 1)

#endif
