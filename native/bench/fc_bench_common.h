/*
 * What the native benchmarks share: a monotonic clock, the machine probes every report is compared with
 * (read bandwidth, clock), and argument parsing. Included by each fc_bench_*.c (one executable each).
 */
#ifndef FC_BENCH_COMMON_H
#define FC_BENCH_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fastchat.h"
#include "fc_parallel.h"

#if defined(__x86_64__)
#  include <immintrin.h>
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    const uint8_t *buf;
    size_t chunk;
    uint64_t sums[256];
} bw_ctx;

#if defined(__x86_64__)
__attribute__((target("avx2"))) static uint64_t stream_sum(const uint8_t *p, size_t n) {
    __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
    for (size_t i = 0; i < n; i += 128) {
        a = _mm256_add_epi64(a, _mm256_load_si256((const __m256i *)(p + i)));
        b = _mm256_add_epi64(b, _mm256_load_si256((const __m256i *)(p + i + 32)));
        c = _mm256_add_epi64(c, _mm256_load_si256((const __m256i *)(p + i + 64)));
        d = _mm256_add_epi64(d, _mm256_load_si256((const __m256i *)(p + i + 96)));
    }
    const __m256i s = _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d));
    uint64_t out[4];
    _mm256_storeu_si256((__m256i *)out, s);
    return out[0] + out[1] + out[2] + out[3];
}
#else
static uint64_t stream_sum(const uint8_t *p, size_t n) {
    uint64_t s = 0;
    for (size_t i = 0; i < n; i += 8) s += *(const uint64_t *)(p + i);
    return s;
}
#endif

static void bw_task(void *vctx, int64_t task, int32_t thread) {
    bw_ctx *c = vctx;
    c->sums[thread] += stream_sum(c->buf + (size_t)task * c->chunk, c->chunk);
}

/* Read-only streaming sum over a 1 GiB buffer (>> L3), split in contiguous parts per thread: GB/s of each
 * of `reps` passes, sorted. The buffer is allocated once. */
static uint8_t *bw_buf;
static const size_t bw_size = (size_t)1 << 30;

static void measure_bandwidth(fc_threadpool *pool, int threads, int reps, double *sorted) {
    if (!bw_buf) {
        bw_buf = aligned_alloc(4096, bw_size);
        if (!bw_buf) {
            for (int r = 0; r < reps; r++) sorted[r] = 0;
            return;
        }
        memset(bw_buf, 1, bw_size);
    }
    bw_ctx c = {.buf = bw_buf, .chunk = bw_size / (size_t)threads};
    for (int r = 0; r < reps; r++) {
        const double t0 = now();
        fc_parallel_for(pool, threads, bw_task, &c);
        sorted[r] = (double)bw_size / (now() - t0) / 1e9;
    }
    qsort(sorted, (size_t)reps, sizeof(double), cmp_double);
}

/* Clock from a chain of dependent 1-cycle adds (the turbo clock the kernels actually run at), timed on every
 * thread of the pool at once: with all cores busy the clock may be lower than with one. */
static void add_chain_task(void *ctx, int64_t task, int32_t thread) {
    (void)ctx;
    (void)task;
    (void)thread;
    uint64_t x = 0;
    for (long i = 0; i < 200000000; i += 8) {
#if defined(__x86_64__)
        __asm__ volatile("add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\t"
                         "add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0" : "+r"(x));
#else
        x += 8;
#endif
    }
}

static double measure_ghz(fc_threadpool *pool, int threads) {
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        const double t0 = now();
        fc_parallel_for(pool, threads, add_chain_task, NULL);
        const double t = now() - t0;
        if (t < best) best = t;
    }
    return 200000000.0 / best / 1e9;
}

/* Comma-separated integers into out (at most max); returns how many. */
static int parse_list(const char *s, int64_t *out, int max) {
    int c = 0;
    while (*s && c < max) {
        out[c++] = strtoll(s, (char **)&s, 10);
        if (*s == ',') s++;
    }
    return c;
}

#endif
