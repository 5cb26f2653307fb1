/*
 * fc_repack + fc_matmul_repacked against a float64 reference and against fc_matmul on the same weights:
 * Q4_0 and Q8_0, with and without VNNI, 1-3 threads, row counts that leave partial strips (n % 16, n % 32),
 * k with one and several k-slices, batches of 1-4 rows (one register tile), odd batches and batches longer than
 * one activation chunk. Outputs are poisoned before each call and guarded after the end, so an unwritten
 * element or a write past y (the padding rows of the last strip) shows.
 *
 * Tolerances: the reference multiplies the dequantized weights by x in double, so what is left is the 8-bit
 * activation rounding (NMSE < 1e-4, each element within the worst-case rounding bound); against fc_matmul,
 * which sees the same quantized activations, only the float summation order differs (relative error < 1e-5
 * of the row's magnitude).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fc_test.h"
#include "fc_test_matmul.h"
#include "fastchat.h"
#include "fc_dispatch.h"
#include "matmul/fc_vec_dot.h"

#define GUARD 64

/* A problem plus its repacked weights. */
typedef struct {
    problem base;
    void *packed;
} repack_problem;

static void repack_problem_make(repack_problem *rp, int32_t type, int64_t n, int64_t k, int64_t m) {
    problem_make(&rp->base, type, n, k, m);
    const int64_t bytes = fc_repack_bytes(type, n, k);
    CHECK(bytes == (n + 15) / 16 * 16 * fc_type_row_bytes(type, k)); /* a strip block is 16 source blocks */
    rp->packed = malloc((size_t)bytes);
    CHECK(fc_repack(NULL, type, rp->base.w, n, k, rp->packed, bytes) == FC_OK);
}

static void repack_problem_free(repack_problem *rp) {
    problem_free(&rp->base);
    free(rp->packed);
}

/* Runs one repacked matmul, checks every element against the reference and fc_matmul, and the guard. */
static void run_check(const repack_problem *rp, fc_threadpool *pool, double *err, double *norm, const char *what) {
    const problem *p = &rp->base;
    const int64_t count = p->m * p->n;
    float *y = malloc(sizeof(float) * (size_t)(count + GUARD));
    float *y_plain = malloc(sizeof(float) * (size_t)count);
    fc_test_poison(y, count);
    for (int g = 0; g < GUARD; g++) y[count + g] = 12345.0f;
    fc_status st = fc_matmul_repacked(pool, p->type, rp->packed, p->n, p->k, p->x, p->m, y);
    CHECKF(st == FC_OK, "%s: status %d (%s)", what, st, fc_last_error());
    st = fc_matmul(pool, p->type, p->w, p->n, p->k, p->x, p->m, y_plain);
    CHECKF(st == FC_OK, "%s: fc_matmul status %d", what, st);
    int bad = 0;
    for (int64_t e = 0; e < count; e++) {
        const double d = (double)y[e] - p->ref[e];
        const double plain = fabs((double)y[e] - (double)y_plain[e]);
        if (!(fabs(d) <= p->bound[e]) || !(plain <= 1e-5 * (p->bound[e] * 127.0 + 1.0))) {
            if (bad++ < 3)
                fprintf(stderr, "%s: y[%lld][%lld] = %.7g, reference %.7g (bound %g), fc_matmul %.7g\n", what,
                        (long long)(e / p->n), (long long)(e % p->n), y[e], p->ref[e], p->bound[e], y_plain[e]);
        }
        *err += d * d;
        *norm += p->ref[e] * p->ref[e];
    }
    CHECKF(bad == 0, "%s: %d of %lld outputs wrong", what, bad, (long long)count);
    int guard_ok = 1;
    for (int g = 0; g < GUARD; g++) guard_ok &= y[count + g] == 12345.0f;
    CHECKF(guard_ok, "%s: wrote past the end of y", what);
    free(y);
    free(y_plain);
}

static void test_type(int32_t type, fc_threadpool *pools[3]) {
    static const int64_t ns[] = {1, 15, 16, 17, 33, 67};
    static const int64_t ks[] = {32, 7 * 32, 97 * 32}; /* 97 blocks: several k-slices of a tile for both types */
    static const int64_t ms[] = {1, 2, 3, 4, 5, 13, 90}; /* 90 rows: more than one activation chunk at k = 3104 */
    for (int vnni = 1; vnni >= 0; vnni--) {
        if (vnni && !fc_has_avx512_vnni()) continue;
        fc_matmul_set_vnni(vnni);
        CHECK(fc_repack_supported(type) == 1);
        for (int t = 0; t < 3; t++) {
            double err = 0, norm = 0;
            for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
                for (size_t b = 0; b < sizeof ks / sizeof ks[0]; b++)
                    for (size_t c = 0; c < sizeof ms / sizeof ms[0]; c++) {
                        if (ks[b] > 7 * 32 && ns[a] > 17 && ms[c] > 5) continue; /* the big ones: a few shapes suffice */
                        repack_problem p;
                        repack_problem_make(&p, type, ns[a], ks[b], ms[c]);
                        char what[160];
                        snprintf(what, sizeof what, "type %d vnni %d threads %d n %lld k %lld m %lld", type, vnni, t + 1,
                                 (long long)ns[a], (long long)ks[b], (long long)ms[c]);
                        run_check(&p, pools[t], &err, &norm, what);
                        repack_problem_free(&p);
                    }
            const double nmse = err / norm;
            CHECKF(nmse < 1e-4, "type %d vnni %d threads %d: NMSE %.3g", type, vnni, t + 1, nmse);
            if (t == 0) printf("repacked type %d %s NMSE %.3g (tolerance 1e-4)\n", type, vnni ? "vnni" : "avx512bw", nmse);
        }
    }
    fc_matmul_set_vnni(1);
}

/* A row's result does not depend on the batch around it: integer sums are exact and every batch size adds the
 * blocks' float terms in the same order, so batched decode is bit-identical to decoding alone. */
static void test_batch_invariance(int32_t type, fc_threadpool *pool) {
    repack_problem rp;
    repack_problem_make(&rp, type, 67, 97 * 32, 13);
    const problem p = rp.base;
    float *batch = malloc(sizeof(float) * (size_t)(p.m * p.n)), *alone = malloc(sizeof(float) * (size_t)p.n);
    CHECK(fc_matmul_repacked(pool, type, rp.packed, p.n, p.k, p.x, p.m, batch) == FC_OK);
    for (int64_t i = 0; i < p.m; i++) {
        CHECK(fc_matmul_repacked(pool, type, rp.packed, p.n, p.k, p.x + i * p.k, 1, alone) == FC_OK);
        CHECKF(memcmp(alone, batch + i * p.n, sizeof(float) * (size_t)p.n) == 0,
               "type %d: row %lld of a 13-row batch differs from the row alone", type, (long long)i);
    }
    free(batch);
    free(alone);
    repack_problem_free(&rp);
}

static void test_errors(void) {
    float x[64] = {0}, y[64];
    uint8_t w[2 * 34], packed[16 * 34];
    memset(w, 0, sizeof w);
    CHECK(fc_repack_bytes(FC_TYPE_F16, 2, 32) == -1);
    CHECK(fc_repack_bytes(FC_TYPE_Q4_K, 2, 256) == -1);
    CHECK(fc_repack_bytes(FC_TYPE_Q8_0, 2, 48) == -1);
    CHECK(fc_repack_bytes(FC_TYPE_Q8_0, 0, 32) == -1);
    CHECK(fc_repack_bytes(FC_TYPE_Q8_0, 2, 32) == 16 * 34);
    CHECK(fc_repack(NULL, FC_TYPE_F16, w, 2, 32, packed, sizeof packed) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_repack(NULL, FC_TYPE_Q8_0, w, 2, 32, packed, sizeof packed - 1) == FC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(fc_last_error(), "needed") != NULL);
    CHECK(fc_repack(NULL, FC_TYPE_Q8_0, NULL, 2, 32, packed, sizeof packed) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_repack(NULL, FC_TYPE_Q8_0, w, 2, 32, packed, sizeof packed) == FC_OK);
    CHECK(fc_matmul_repacked(NULL, FC_TYPE_Q8_0, packed, 2, 48, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul_repacked(NULL, FC_TYPE_Q8_0, packed, 2, 32, x, 0, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul_repacked(NULL, FC_TYPE_Q8_0, packed, 2, 32, NULL, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul_repacked(NULL, FC_TYPE_Q4_1, packed, 2, 32, x, 1, y) == FC_ERR_UNSUPPORTED);
    CHECK(fc_matmul_repacked(NULL, FC_TYPE_Q8_0, packed, 2, 32, x, 1, y) == FC_OK);
    /* below AVX-512 there are no repacked kernels: a clear refusal, never a wrong answer */
    CHECK(fc_set_kernel_level(FC_LEVEL_AVX2) == FC_OK);
    CHECK(fc_repack_supported(FC_TYPE_Q8_0) == 0);
    CHECK(fc_matmul_repacked(NULL, FC_TYPE_Q8_0, packed, 2, 32, x, 1, y) == FC_ERR_UNSUPPORTED);
    CHECK(strstr(fc_last_error(), "fc_repack_supported") != NULL);
    CHECK(fc_set_kernel_level(fc_kernel_level_max()) == FC_OK);
}

int main(void) {
    if (fc_kernel_level_max() < FC_LEVEL_AVX512) {
        printf("no AVX-512: repacked kernels are not built for this CPU; checking the refusals only\n");
        CHECK(fc_repack_supported(FC_TYPE_Q4_0) == 0);
        return TEST_RESULT();
    }
    fc_threadpool *pools[3] = {fc_threadpool_create(1), fc_threadpool_create(2), fc_threadpool_create(3)};
    test_type(FC_TYPE_Q4_0, pools);
    test_type(FC_TYPE_Q8_0, pools);
    test_batch_invariance(FC_TYPE_Q4_0, pools[1]);
    test_batch_invariance(FC_TYPE_Q8_0, pools[1]);
    test_errors();
    for (int t = 0; t < 3; t++) fc_threadpool_free(pools[t]);
    return TEST_RESULT();
}
