/* A minimal harness for the native tests: CHECK counting, seeded random inputs, NMSE against float64. */
#ifndef FC_TEST_H
#define FC_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int fc_test_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            fc_test_failures++;                                                      \
        }                                                                            \
    } while (0)

/* CHECK with a printf-style explanation. */
#define CHECKF(cond, ...)                                                            \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                            \
            fputc('\n', stderr);                                                     \
            fc_test_failures++;                                                      \
        }                                                                            \
    } while (0)

#define TEST_RESULT() (fc_test_failures == 0 ? 0 : 1)

/* xorshift64*: reproducible inputs independent of the C library. */
static uint64_t fc_test_rng = 0x9E3779B97F4A7C15ull;
static inline void fc_test_seed(uint64_t seed) { fc_test_rng = seed ? seed : 1; }
static inline uint64_t fc_test_next(void) {
    fc_test_rng ^= fc_test_rng >> 12;
    fc_test_rng ^= fc_test_rng << 25;
    fc_test_rng ^= fc_test_rng >> 27;
    return fc_test_rng * 0x2545F4914F6CDD1Dull;
}
/* Uniform in [lo, hi). */
static inline float fc_test_uniform(float lo, float hi) {
    return lo + (hi - lo) * (float)((fc_test_next() >> 40) * (1.0 / 16777216.0));
}
static inline void fc_test_fill(float *x, int64_t n, float lo, float hi) {
    for (int64_t i = 0; i < n; i++) x[i] = fc_test_uniform(lo, hi);
}

/* A NaN pattern written over outputs before a kernel runs, so elements it never writes show up. */
static inline void fc_test_poison(float *x, int64_t n) {
    const uint32_t nan_bits = 0x7fc0dead;
    for (int64_t i = 0; i < n; i++) memcpy(&x[i], &nan_bits, sizeof nan_bits);
}

/* Normalised mean squared error sum((a-ref)^2) / sum(ref^2); NaN anywhere gives +inf. */
static inline double fc_test_nmse(const float *actual, const double *reference, int64_t n) {
    double err = 0, norm = 0;
    for (int64_t i = 0; i < n; i++) {
        if (isnan(actual[i]) || isinf(actual[i])) return INFINITY;
        const double d = (double)actual[i] - reference[i];
        err += d * d;
        norm += reference[i] * reference[i];
    }
    return norm > 0 ? err / norm : err;
}

#endif
