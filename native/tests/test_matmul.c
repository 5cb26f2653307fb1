/*
 * fc_matmul against a float64 reference: every weight type x every kernel level (and AVX-512 with and without
 * VNNI) x odd shapes x 1, 2 and 3 threads, through both the dot path (small batches) and the panel path.
 *
 * Weights are random floats quantized with the type's reference quantizer; the reference multiplies the
 * DEQUANTIZED weights by x in double, so the only error left is the kernels' own: 8-bit activation
 * quantization for quantized types (step amax/127 per 32 or 256 values: NMSE ~1.5e-5 for uniform x) and
 * float rounding for float types. Tolerances (NMSE, summed over all shapes of a type/level/threads run):
 * float types 1e-10, quantized types 1e-4. Each element must also lie within the worst-case activation
 * rounding bound, so a single wrong column cannot hide in a large sum.
 */
#include <stdlib.h>

#include "fc_test.h"
#include "fc_test_matmul.h"
#include "fastchat.h"
#include "matmul/fc_vec_dot.h"

static const int32_t types[] = {FC_TYPE_F32, FC_TYPE_F16, FC_TYPE_BF16, FC_TYPE_Q4_0, FC_TYPE_Q4_1, FC_TYPE_Q5_0,
                                FC_TYPE_Q5_1, FC_TYPE_Q8_0, FC_TYPE_Q4_K, FC_TYPE_Q5_K, FC_TYPE_Q6_K};
#define N_TYPES ((int)(sizeof types / sizeof types[0]))

static int is_float(int32_t type) { return fc_test_is_float(type); }

typedef struct {
    double err, norm;
} nmse_acc;

/* Runs one matmul and checks it; adds to the NMSE sums; y_out (optional) receives the result. */
static void run_check(const problem *p, fc_threadpool *pool, nmse_acc *acc, const char *what, float *y_out) {
    const int64_t count = p->m * p->n;
    float *y = malloc(sizeof(float) * (size_t)count);
    fc_test_poison(y, count);
    const fc_status st = fc_matmul(pool, p->type, p->w, p->n, p->k, p->x, p->m, y);
    CHECKF(st == FC_OK, "%s: status %d (%s)", what, st, fc_last_error());
    int bad = 0;
    for (int64_t e = 0; e < count; e++) {
        const double d = (double)y[e] - p->ref[e];
        if (!(fabs(d) <= p->bound[e])) { /* NaN (never written) fails too */
            if (bad++ < 3)
                fprintf(stderr, "%s: y[%lld][%lld] = %g, reference %g (bound %g)\n", what, (long long)(e / p->n),
                        (long long)(e % p->n), y[e], p->ref[e], p->bound[e]);
        }
        acc->err += d * d;
        acc->norm += p->ref[e] * p->ref[e];
    }
    CHECKF(bad == 0, "%s: %d of %lld outputs out of bounds", what, bad, (long long)count);
    if (y_out) memcpy(y_out, y, sizeof(float) * (size_t)count);
    free(y);
}

static const int64_t ns[] = {1, 3, 17, 67};
static const int64_t ms[] = {1, 2, 5, 13, 70}; /* 5 and 13: fused panels; 70: more than one activation chunk */

/* k in blocks: one, seven, and (legacy types) enough for several k-slices of a panel and every dot tail. */
static int64_t ks_for(int32_t type, int64_t *ks) {
    const int64_t bs = fc_type_block_size(type);
    int c = 0;
    if (is_float(type)) {
        ks[c++] = 1;
        ks[c++] = 7;
        ks[c++] = 129;
    } else {
        ks[c++] = bs;
        ks[c++] = 7 * bs;
        if (bs == 32) ks[c++] = 37 * bs;
    }
    return c;
}

static void test_type(int32_t type, fc_threadpool *pools[3]) {
    int64_t ks[3];
    const int nk = (int)ks_for(type, ks);
    const double tol = is_float(type) ? 1e-10 : 1e-4;
    problem probs[3 * 4 * 5];
    int np = 0;
    for (int a = 0; a < nk; a++)
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 5; c++) problem_make(&probs[np++], type, ns[b], ks[a], ms[c]);

    const int max_level = fc_kernel_level_max();
    for (int level = FC_LEVEL_SCALAR; level <= max_level; level++) {
        CHECK(fc_set_kernel_level(level) == FC_OK);
        for (int vnni = 1; vnni >= 0; vnni--) {
            if (!vnni && level != FC_LEVEL_AVX512) continue;
            fc_matmul_set_vnni(vnni);
            const char *path = fc_matmul_path(type);
            CHECKF(path != NULL, "type %d level %d has no path", type, level);
            for (int dot_only = 0; dot_only <= 1; dot_only++) {
                fc_matmul_panel_min_rows = dot_only ? 1 << 30 : 4;
                fc_matmul_float_panel_min_rows = dot_only ? 1 << 30 : 4; /* panels from m = 5 on, for coverage */
                float *first = NULL;
                for (int t = 0; t < 3; t++) {
                    nmse_acc acc = {0, 0};
                    for (int q = 0; q < np; q++) {
                        char what[160];
                        snprintf(what, sizeof what, "type %d level %d (%s%s) threads %d n %lld k %lld m %lld", type, level,
                                 path, dot_only ? ", dot path" : "", t + 1, (long long)probs[q].n, (long long)probs[q].k,
                                 (long long)probs[q].m);
                        const int64_t count = probs[q].m * probs[q].n;
                        float *y = malloc(sizeof(float) * (size_t)count);
                        run_check(&probs[q], pools[t], &acc, what, y);
                        /* the split over threads never changes a result */
                        if (q == np - 1) {
                            if (t == 0) first = y, y = NULL;
                            else CHECKF(memcmp(first, y, sizeof(float) * (size_t)count) == 0, "%s: differs from 1 thread", what);
                        }
                        free(y);
                    }
                    const double nmse = acc.norm > 0 ? acc.err / acc.norm : acc.err;
                    CHECKF(nmse < tol, "type %d level %d (%s%s) threads %d: NMSE %.3g >= %.1g", type, level, path,
                           dot_only ? ", dot path" : "", t + 1, nmse, tol);
                    if (t == 0 && !dot_only)
                        printf("type %-2d level %d %-12s NMSE %.3g (tolerance %.0g)\n", type, level, path, nmse, tol);
                }
                free(first);
            }
        }
    }
    fc_matmul_panel_min_rows = 3;
    fc_matmul_float_panel_min_rows = 20;
    fc_matmul_set_vnni(1);
    fc_set_kernel_level(max_level);
    for (int q = 0; q < np; q++) problem_free(&probs[q]);
}

static void test_errors(void) {
    float x[64], y[64];
    uint8_t w[64 * 18];
    memset(w, 0, sizeof w);
    fc_test_fill(x, 64, -1, 1);
    fc_test_poison(y, 64);
    const int32_t unsupported[] = {4, 5, FC_TYPE_Q8_1, 10, 11, FC_TYPE_Q8_K, 16, 29, 31, 99, -1};
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
        CHECKF(fc_matmul(NULL, unsupported[i], w, 1, 32, x, 1, y) == FC_ERR_UNSUPPORTED, "type %d", unsupported[i]);
        CHECK(strlen(fc_last_error()) > 0);
        CHECK(fc_matmul_path(unsupported[i]) == NULL);
    }
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 1, 48, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(fc_last_error(), "multiple") != NULL);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_K, w, 1, 32, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 0, 32, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 1, 0, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 1, 32, x, 0, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_F32, w, -1, 4, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, NULL, 1, 32, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(fc_last_error(), "NULL") != NULL);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 1, 32, NULL, 1, y) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 1, 32, x, 1, NULL) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_matmul(NULL, FC_TYPE_F32, w, (int64_t)1 << 50, 4, x, 1, y) == FC_ERR_INVALID_ARGUMENT);
    /* nothing written on failure */
    for (int i = 0; i < 64; i++) CHECK(isnan(y[i]));
    /* success clears the error */
    CHECK(fc_matmul(NULL, FC_TYPE_Q4_0, w, 2, 32, x, 1, y) == FC_OK);
    CHECK(strcmp(fc_last_error(), "") == 0);
    CHECK(y[0] == 0.0f && y[1] == 0.0f && isnan(y[2]));
}

static void test_paths(void) {
    const int max_level = fc_kernel_level_max();
    for (int level = FC_LEVEL_SCALAR; level <= max_level; level++) {
        fc_set_kernel_level(level);
        for (int t = 0; t < N_TYPES; t++) {
            const char *path = fc_matmul_path(types[t]);
            CHECK(path != NULL);
            if (!path) continue;
            if (level == FC_LEVEL_SCALAR) CHECKF(strcmp(path, "scalar") == 0, "%s", path);
            if (level == FC_LEVEL_AVX2) CHECKF(strstr(path, "avx2") != NULL, "type %d: %s", types[t], path);
            if (level == FC_LEVEL_AVX512) CHECKF(strstr(path, "avx512") != NULL, "type %d: %s", types[t], path);
            printf("level %d type %2d: %s\n", level, types[t], path);
        }
    }
    fc_set_kernel_level(max_level);
}

int main(void) {
    fc_test_seed(20261124);
    fc_threadpool *pools[3] = {fc_threadpool_create(1), fc_threadpool_create(2), fc_threadpool_create(3)};
    CHECK(pools[0] && pools[1] && pools[2]);
    test_errors();
    test_paths();
    for (int t = 0; t < N_TYPES; t++) test_type(types[t], pools);
    for (int t = 0; t < 3; t++) fc_threadpool_free(pools[t]);
    return TEST_RESULT();
}
