/*
 * The f32 ops against float64 references on fresh random inputs, odd and even sizes, outputs poisoned
 * before every call, the SIMD-dispatched ones (rmsnorm, softmax, swiglu) at every kernel level.
 *
 * Tolerances, per element, relative to the float64 value computed from the same float inputs:
 *   rmsnorm  |y - ref| <= 1e-5 |ref| + 1e-7   (a few roundings plus an n-term sum of squares)
 *   softmax  |p - ref| <= 2e-5 ref + 1e-9     (exp of a rounded x - max: 1e-5 relative at |x - max| ~ 100)
 *   swiglu   |y - ref| <= 1e-5 |ref| + 1e-30
 *   rope     |y - ref| <= 2e-6                (inputs in [-1, 1]; angles and sin/cos in double)
 *   add/mul, get_rows, argmax, top_k: exact.
 */
#include <math.h>
#include <stdlib.h>

#include "fastchat.h"
#include "fc_quants.h"
#include "fc_test.h"

static const int64_t SIZES[] = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 255, 1024, 4097};
#define N_SIZES (int)(sizeof SIZES / sizeof SIZES[0])

/* Largest |actual - ref| / (rel * |ref| + abs) over n elements: <= 1 passes; NaN gives inf. */
static double worst_ratio(const float *actual, const double *ref, int64_t n, double rel, double abs_floor) {
    double worst = 0;
    for (int64_t i = 0; i < n; i++) {
        if (isnan(actual[i]) != isnan(ref[i])) return INFINITY;
        if (isnan(ref[i])) continue;
        const double r = fabs(actual[i] - ref[i]) / (rel * fabs(ref[i]) + abs_floor);
        worst = r > worst ? r : worst;
    }
    return worst;
}

static void *xmalloc(size_t n) { return malloc(n ? n : 1); }

/* ---- rmsnorm ---- */

static void test_rmsnorm(void) {
    for (int si = 0; si < N_SIZES; si++) {
        const int64_t n = SIZES[si], rows = 1 + si % 3, total = rows * n;
        float *x = xmalloc(total * sizeof(float)), *w = xmalloc(n * sizeof(float)), *y = xmalloc(total * sizeof(float));
        double *ref = xmalloc(total * sizeof(double));
        fc_test_fill(x, total, -3, 3);
        fc_test_fill(w, n, -2, 2);
        const float eps = 1e-5f;
        for (int with_weight = 0; with_weight < 2; with_weight++) {
            for (int64_t r = 0; r < rows; r++) {
                double ss = 0;
                for (int64_t i = 0; i < n; i++) ss += (double)x[r * n + i] * x[r * n + i];
                const double inv = 1.0 / sqrt(ss / n + eps);
                for (int64_t i = 0; i < n; i++) ref[r * n + i] = x[r * n + i] * inv * (with_weight ? w[i] : 1.0);
            }
            for (int level = 0; level <= fc_kernel_level_max(); level++) {
                fc_set_kernel_level(level);
                fc_test_poison(y, total);
                CHECK(fc_rmsnorm(x, with_weight ? w : NULL, y, rows, n, eps) == FC_OK);
                const double worst = worst_ratio(y, ref, total, 1e-5, 1e-7);
                CHECKF(worst <= 1, "rmsnorm n=%lld rows=%lld weight=%d level %d: error ratio %.3g", (long long)n,
                       (long long)rows, with_weight, level, worst);
                /* in place */
                float *copy = xmalloc(total * sizeof(float));
                memcpy(copy, x, total * sizeof(float));
                CHECK(fc_rmsnorm(copy, with_weight ? w : NULL, copy, rows, n, eps) == FC_OK);
                CHECKF(memcmp(copy, y, total * sizeof(float)) == 0, "rmsnorm in place differs, n=%lld level %d",
                       (long long)n, level);
                free(copy);
            }
        }
        free(x), free(w), free(y), free(ref);
    }
    float x[4] = {1, 2, 3, 4};
    CHECK(fc_rmsnorm(x, NULL, x, 1, 0, 1e-5f) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_rmsnorm(x, NULL, x, -1, 4, 1e-5f) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_rmsnorm(NULL, NULL, x, 1, 4, 1e-5f) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_rmsnorm(x, NULL, x, 1, 4, -1.0f) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_rmsnorm(x, NULL, x, 0, 4, 1e-5f) == FC_OK);
}

/* ---- softmax ---- */

static void softmax_reference(const float *x, double *ref, int64_t n) {
    double max = -INFINITY, sum = 0;
    for (int64_t i = 0; i < n; i++) max = x[i] > max ? x[i] : max;
    if (max == -INFINITY) {
        for (int64_t i = 0; i < n; i++) ref[i] = 1.0 / n;
        return;
    }
    for (int64_t i = 0; i < n; i++) sum += (ref[i] = exp((double)x[i] - max));
    for (int64_t i = 0; i < n; i++) ref[i] /= sum;
}

static void check_softmax(const float *x, int64_t rows, int64_t n, const char *what) {
    const int64_t total = rows * n;
    double *ref = xmalloc(total * sizeof(double));
    float *y = xmalloc(total * sizeof(float));
    for (int64_t r = 0; r < rows; r++) softmax_reference(x + r * n, ref + r * n, n);
    for (int level = 0; level <= fc_kernel_level_max(); level++) {
        fc_set_kernel_level(level);
        memcpy(y, x, total * sizeof(float));
        CHECK(fc_softmax(y, rows, n) == FC_OK);
        const double worst = worst_ratio(y, ref, total, 2e-5, 1e-9);
        CHECKF(worst <= 1, "softmax %s n=%lld level %d: error ratio %.3g", what, (long long)n, level, worst);
    }
    free(ref), free(y);
}

static void test_softmax(void) {
    const int64_t vocab[] = {32000, 151936 + 7};
    for (int si = 0; si < N_SIZES + 2; si++) {
        const int64_t n = si < N_SIZES ? SIZES[si] : vocab[si - N_SIZES], rows = n > 5000 ? 1 : 3;
        float *x = xmalloc(rows * n * sizeof(float));
        fc_test_fill(x, rows * n, -10, 10);
        check_softmax(x, rows, n, "[-10,10]");
        fc_test_fill(x, rows * n, -100, 30); /* underflowing tails */
        check_softmax(x, rows, n, "[-100,30]");
        for (int64_t i = 0; i < rows * n; i += 3) x[i] = -INFINITY; /* masked entries */
        check_softmax(x, rows, n, "masked");
        for (int64_t i = 0; i < n; i++) x[i] = -INFINITY; /* a fully masked row */
        check_softmax(x, rows, n, "all -inf row");
        free(x);
    }
    float x[3] = {0};
    CHECK(fc_softmax(x, 1, 0) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_softmax(NULL, 1, 3) == FC_ERR_INVALID_ARGUMENT);
}

/* ---- swiglu, add, mul ---- */

static void test_elementwise(void) {
    for (int si = 0; si < N_SIZES; si++) {
        const int64_t n = SIZES[si];
        float *g = xmalloc(n * sizeof(float)), *u = xmalloc(n * sizeof(float)), *y = xmalloc(n * sizeof(float));
        double *ref = xmalloc(n * sizeof(double));
        fc_test_fill(g, n, -20, 20);
        fc_test_fill(u, n, -2, 2);
        if (n > 4) g[0] = -100.0f, g[1] = 100.0f, g[2] = 0.0f, g[3] = -88.5f; /* saturated and zero gates */
        for (int64_t i = 0; i < n; i++) ref[i] = g[i] / (1.0 + exp(-(double)g[i])) * u[i];
        for (int level = 0; level <= fc_kernel_level_max(); level++) {
            fc_set_kernel_level(level);
            fc_test_poison(y, n);
            CHECK(fc_swiglu(g, u, y, n) == FC_OK);
            const double worst = worst_ratio(y, ref, n, 1e-5, 1e-30);
            CHECKF(worst <= 1, "swiglu n=%lld level %d: error ratio %.3g", (long long)n, level, worst);
        }
        /* add and mul round once, exactly as the double result rounded to float */
        int exact_add = 1, exact_mul = 1;
        fc_test_poison(y, n);
        CHECK(fc_add(g, u, y, n) == FC_OK);
        for (int64_t i = 0; i < n; i++) exact_add &= y[i] == (float)((double)g[i] + u[i]);
        fc_test_poison(y, n);
        CHECK(fc_mul(g, u, y, n) == FC_OK);
        for (int64_t i = 0; i < n; i++) exact_mul &= y[i] == (float)((double)g[i] * u[i]);
        CHECKF(exact_add && exact_mul, "add/mul n=%lld", (long long)n);
        memcpy(y, g, n * sizeof(float));
        CHECK(fc_add(y, u, y, n) == FC_OK); /* in place */
        for (int64_t i = 0; i < n; i++) exact_add &= y[i] == g[i] + u[i];
        CHECKF(exact_add, "add in place n=%lld", (long long)n);
        free(g), free(u), free(y), free(ref);
    }
    float a[2] = {0};
    CHECK(fc_add(a, NULL, a, 2) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_mul(a, a, a, -1) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_swiglu(NULL, a, a, 2) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_add(NULL, NULL, NULL, 0) == FC_OK);
}

/* ---- rope ---- */

/* Direct float64 rotation: each pair (a, b) -> (a cos - b sin, a sin + b cos) * mscale. */
static void rope_reference(const float *x, double *y, int64_t n_tokens, int64_t n_heads, int64_t head_dim,
                           const int32_t *pos, const fc_rope_params *p) {
    const int half = p->n_dims / 2;
    double low = 0, high = 0, mscale = p->attn_factor;
    if (p->ext_factor != 0) {
        /* YaRN: pair i completes pos * theta_i / 2pi turns; the correction dims are the pairs that complete
         * beta_fast and beta_slow turns over the original context. */
        const double turns_fast = p->beta_fast, turns_slow = p->beta_slow;
        low = floor(p->n_dims * log(p->n_ctx_orig / (2 * M_PI * turns_fast)) / (2 * log(p->freq_base)));
        high = ceil(p->n_dims * log(p->n_ctx_orig / (2 * M_PI * turns_slow)) / (2 * log(p->freq_base)));
        low = fmax(low, 0);
        high = fmin(high, p->n_dims - 1);
        mscale *= 1 + 0.1 * log(1.0 / p->freq_scale);
    }
    for (int64_t t = 0; t < n_tokens; t++) {
        for (int64_t h = 0; h < n_heads; h++) {
            const float *xs = x + (t * n_heads + h) * head_dim;
            double *ys = y + (t * n_heads + h) * head_dim;
            for (int64_t i = 0; i < head_dim; i++) ys[i] = xs[i];
            for (int i = 0; i < half; i++) {
                const double theta_extrap = pos[t] * pow(p->freq_base, -2.0 * i / p->n_dims);
                const double theta_interp = theta_extrap * p->freq_scale;
                double theta = theta_interp;
                if (p->ext_factor != 0) {
                    const double ramp = 1 - fmin(1, fmax(0, (i - low) / fmax(0.001, high - low)));
                    theta = theta_interp + (theta_extrap - theta_interp) * ramp * p->ext_factor;
                }
                const int a = p->neox ? i : 2 * i, b = p->neox ? i + half : 2 * i + 1;
                ys[a] = (xs[a] * cos(theta) - xs[b] * sin(theta)) * mscale;
                ys[b] = (xs[a] * sin(theta) + xs[b] * cos(theta)) * mscale;
            }
        }
    }
}

static void check_rope(const fc_rope_params *p, int64_t n_tokens, int64_t n_heads, int64_t head_dim, int32_t max_pos,
                       const char *what) {
    const int64_t total = n_tokens * n_heads * head_dim;
    float *x = xmalloc(total * sizeof(float)), *y = xmalloc(total * sizeof(float));
    double *ref = xmalloc(total * sizeof(double));
    int32_t *pos = xmalloc(n_tokens * sizeof(int32_t));
    fc_test_fill(x, total, -1, 1);
    for (int64_t t = 0; t < n_tokens; t++) pos[t] = (int32_t)(fc_test_next() % (uint64_t)(max_pos + 1));
    if (n_tokens > 1) pos[0] = 0, pos[1] = max_pos;
    rope_reference(x, ref, n_tokens, n_heads, head_dim, pos, p);
    memcpy(y, x, total * sizeof(float));
    CHECK(fc_rope(y, n_tokens, n_heads, head_dim, pos, p) == FC_OK);
    double worst = 0;
    for (int64_t i = 0; i < total; i++) worst = fmax(worst, isnan(y[i]) ? INFINITY : fabs(y[i] - ref[i]));
    CHECKF(worst <= 2e-6, "rope %s neox=%d dims %d/%lld: max error %.3g", what, p->neox, p->n_dims,
           (long long)head_dim, worst);
    free(x), free(y), free(ref), free(pos);
}

static void test_rope(void) {
    const int64_t head_dims[] = {64, 128, 80, 6};
    for (int neox = 0; neox < 2; neox++) {
        for (int di = 0; di < 4; di++) {
            const int64_t hd = head_dims[di];
            fc_rope_params p = {(int32_t)hd, neox, 10000.0f, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f, 0};
            check_rope(&p, 5, 3, hd, 4096, "plain");
            p.n_dims = (int32_t)(hd / 2 - (hd / 2) % 2); /* partial rotation: the rest must stay as it was */
            check_rope(&p, 3, 2, hd, 100000, "partial");
            p.n_dims = (int32_t)hd;
            p.freq_base = 1000000.0f;
            p.freq_scale = 0.25f; /* linear x4 */
            check_rope(&p, 7, 4, hd, 16384, "linear");
            p.ext_factor = 1.0f; /* YaRN x4 from a 4096 context */
            p.n_ctx_orig = 4096;
            check_rope(&p, 7, 4, hd, 16384, "yarn");
            p.ext_factor = 0.5f;
            p.attn_factor = 0.9f;
            p.beta_fast = 16.0f;
            p.beta_slow = 2.0f;
            check_rope(&p, 4, 2, hd, 30000, "yarn half");
        }
    }
    /* Rotations compose: rope(a) then rope(b) = rope(a + b). */
    float x[2 * 64], y[2 * 64];
    fc_test_fill(x, 128, -1, 1);
    memcpy(y, x, sizeof x);
    const fc_rope_params p = {64, 1, 10000.0f, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f, 0};
    const int32_t a = 17, b = 300, ab = 317;
    CHECK(fc_rope(x, 1, 2, 64, &a, &p) == FC_OK);
    CHECK(fc_rope(x, 1, 2, 64, &b, &p) == FC_OK);
    CHECK(fc_rope(y, 1, 2, 64, &ab, &p) == FC_OK);
    double worst = 0;
    for (int i = 0; i < 128; i++) worst = fmax(worst, fabs(x[i] - y[i]));
    CHECKF(worst < 2e-6, "rope composition %.3g", worst);
    /* bad parameters */
    fc_rope_params bad = p;
    bad.n_dims = 65;
    CHECK(fc_rope(x, 1, 2, 64, &a, &bad) == FC_ERR_INVALID_ARGUMENT);
    bad.n_dims = 66;
    CHECK(fc_rope(x, 1, 2, 64, &a, &bad) == FC_ERR_INVALID_ARGUMENT);
    bad = p;
    bad.freq_base = 0;
    CHECK(fc_rope(x, 1, 2, 64, &a, &bad) == FC_ERR_INVALID_ARGUMENT);
    bad = p;
    bad.ext_factor = 1;
    CHECK(fc_rope(x, 1, 2, 64, &a, &bad) == FC_ERR_INVALID_ARGUMENT); /* YaRN without n_ctx_orig */
    CHECK(fc_rope(x, 1, 2, 64, &a, NULL) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_rope(x, 1, 2, 64, NULL, &p) == FC_ERR_INVALID_ARGUMENT);
}

/* ---- get_rows ---- */

static void test_get_rows(void) {
    const int64_t n_rows = 37;
    const int32_t ids[] = {0, 36, 5, 5, 17, 1};
    const int64_t n_ids = 6;
    /* Float tables, against values converted independently. */
    {
        const int64_t len = 19;
        float table[37 * 19], out[6 * 19];
        fc_fp16 table16[37 * 19];
        fc_bf16 tablebf[37 * 19];
        fc_test_fill(table, n_rows * len, -5, 5);
        for (int64_t i = 0; i < n_rows * len; i++) table16[i] = fc_fp32_to_fp16(table[i]), tablebf[i] = fc_fp32_to_bf16(table[i]);
        int ok32 = 1, ok16 = 1, okbf = 1;
        fc_test_poison(out, n_ids * len);
        CHECK(fc_get_rows(FC_TYPE_F32, table, n_rows, len, ids, n_ids, out) == FC_OK);
        for (int64_t i = 0; i < n_ids * len; i++) ok32 &= out[i] == table[ids[i / len] * len + i % len];
        fc_test_poison(out, n_ids * len);
        CHECK(fc_get_rows(FC_TYPE_F16, table16, n_rows, len, ids, n_ids, out) == FC_OK);
        for (int64_t i = 0; i < n_ids * len; i++) ok16 &= out[i] == fc_fp16_to_fp32(table16[ids[i / len] * len + i % len]);
        fc_test_poison(out, n_ids * len);
        CHECK(fc_get_rows(FC_TYPE_BF16, tablebf, n_rows, len, ids, n_ids, out) == FC_OK);
        for (int64_t i = 0; i < n_ids * len; i++) okbf &= out[i] == fc_bf16_to_fp32(tablebf[ids[i / len] * len + i % len]);
        CHECK(ok32 && ok16 && okbf);
    }
    /* Q8_0 built by hand: x = q * d. */
    {
        const int64_t len = 64;
        block_q8_0 table[37 * 2];
        float out[6 * 64];
        for (int64_t b = 0; b < n_rows * 2; b++) {
            table[b].d = fc_fp32_to_fp16(fc_test_uniform(0.001f, 0.1f));
            for (int j = 0; j < 32; j++) table[b].qs[j] = (int8_t)(fc_test_next() % 255 - 127);
        }
        fc_test_poison(out, n_ids * len);
        CHECK(fc_get_rows(FC_TYPE_Q8_0, table, n_rows, len, ids, n_ids, out) == FC_OK);
        int ok = 1;
        for (int64_t i = 0; i < n_ids * len; i++) {
            const block_q8_0 *blk = &table[ids[i / len] * 2 + (i % len) / 32];
            ok &= out[i] == blk->qs[i % 32] * fc_fp16_to_fp32(blk->d);
        }
        CHECK(ok);
    }
    /* Every other type with kernels: the selected rows equal fc_dequantize of the whole table. */
    const int32_t types[] = {FC_TYPE_Q4_0, FC_TYPE_Q4_1, FC_TYPE_Q5_0, FC_TYPE_Q5_1, FC_TYPE_Q4_K, FC_TYPE_Q5_K, FC_TYPE_Q6_K};
    for (int ti = 0; ti < 7; ti++) {
        const int64_t len = 512, row_bytes = fc_type_row_bytes(types[ti], len);
        float *src = xmalloc(n_rows * len * sizeof(float)), *all = xmalloc(n_rows * len * sizeof(float));
        float *out = xmalloc(n_ids * len * sizeof(float));
        char *table = xmalloc((size_t)(n_rows * row_bytes));
        fc_test_fill(src, n_rows * len, -1, 1);
        CHECK(fc_quantize(types[ti], src, table, n_rows * len) == FC_OK);
        CHECK(fc_dequantize(types[ti], table, all, n_rows * len) == FC_OK);
        fc_test_poison(out, n_ids * len);
        CHECKF(fc_get_rows(types[ti], table, n_rows, len, ids, n_ids, out) == FC_OK, "type %d: %s", types[ti], fc_last_error());
        int ok = 1;
        for (int64_t i = 0; i < n_ids * len; i++) ok &= out[i] == all[ids[i / len] * len + i % len];
        CHECKF(ok, "get_rows type %d", types[ti]);
        free(src), free(all), free(out), free(table);
    }
    /* Invalid ids fail before anything is written. */
    float table[4 * 8], out[3 * 8];
    fc_test_fill(table, 32, -1, 1);
    const int32_t bad_ids[][3] = {{0, 1, 4}, {0, -1, 2}, {3, 2, INT32_MAX}, {INT32_MIN, 0, 0}};
    for (int c = 0; c < 4; c++) {
        fc_test_poison(out, 24);
        CHECKF(fc_get_rows(FC_TYPE_F32, table, 4, 8, bad_ids[c], 3, out) == FC_ERR_INVALID_ARGUMENT, "bad ids case %d", c);
        int untouched = 1;
        for (int i = 0; i < 24; i++) untouched &= isnan(out[i]);
        CHECKF(untouched, "bad ids case %d wrote output", c);
    }
    CHECK(fc_get_rows(FC_TYPE_Q8_0, table, 1, 8, ids, 1, out) == FC_ERR_INVALID_ARGUMENT); /* 8 % 32 != 0 */
    CHECK(fc_get_rows(99, table, 4, 8, ids, 1, out) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_get_rows(FC_TYPE_F32, NULL, 4, 8, ids, 1, out) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_get_rows(FC_TYPE_F32, table, 4, 0, ids, 1, out) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_get_rows(FC_TYPE_F32, table, 4, 8, ids, 0, out) == FC_OK);
}

/* ---- argmax, top_k ---- */

static const float *sort_values;
static int by_rank(const void *a, const void *b) {
    const int32_t i = *(const int32_t *)a, j = *(const int32_t *)b;
    if (sort_values[i] != sort_values[j]) return sort_values[i] > sort_values[j] ? -1 : 1;
    return i < j ? -1 : 1;
}

static void test_select(void) {
    const int64_t sizes[] = {1, 2, 7, 64, 1000, 32000};
    for (int si = 0; si < 6; si++) {
        const int64_t n = sizes[si];
        float *x = xmalloc(n * sizeof(float));
        int32_t *order = xmalloc(n * sizeof(int32_t)), *ids = xmalloc(n * sizeof(int32_t));
        float *values = xmalloc(n * sizeof(float));
        for (int round = 0; round < 2; round++) {
            /* round 1 draws from 8 values only, so ties are everywhere */
            for (int64_t i = 0; i < n; i++)
                x[i] = round == 0 ? fc_test_uniform(-10, 10) : (float)(fc_test_next() % 8);
            for (int64_t i = 0; i < n; i++) order[i] = (int32_t)i;
            sort_values = x;
            qsort(order, (size_t)n, sizeof(int32_t), by_rank);
            CHECKF(fc_argmax(x, n) == order[0], "argmax n=%lld round %d", (long long)n, round);
            const int64_t ks[] = {1, 5, 40, n};
            for (int ki = 0; ki < 4; ki++) {
                const int64_t k = ks[ki] < n ? ks[ki] : n;
                fc_test_poison(values, n);
                CHECK(fc_top_k(x, n, k, ids, values) == FC_OK);
                int ok = 1;
                for (int64_t i = 0; i < k; i++) ok &= ids[i] == order[i] && values[i] == x[order[i]];
                CHECKF(ok, "top_k n=%lld k=%lld round %d", (long long)n, (long long)k, round);
            }
        }
        free(x), free(order), free(ids), free(values);
    }
    const float ties[] = {1, 3, 3, -INFINITY, 3};
    CHECK(fc_argmax(ties, 5) == 1);
    CHECK(fc_argmax(ties, 0) == -1);
    CHECK(fc_argmax(ties, -3) == -1);
    const float with_nan[] = {NAN, -1, 2, NAN, 2};
    CHECK(fc_argmax(with_nan, 5) == 2);
    int32_t ids[5];
    float values[5];
    CHECK(fc_top_k(with_nan, 5, 3, ids, values) == FC_OK);
    CHECK(ids[0] == 2 && ids[1] == 4 && ids[2] == 1);
    CHECK(fc_top_k(ties, 5, 5, ids, NULL) == FC_OK); /* values optional */
    CHECK(ids[0] == 1 && ids[1] == 2 && ids[2] == 4 && ids[3] == 0 && ids[4] == 3);
    CHECK(fc_top_k(ties, 5, 6, ids, values) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_top_k(ties, 5, -1, ids, values) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_top_k(ties, 5, 2, NULL, values) == FC_ERR_INVALID_ARGUMENT);
    CHECK(fc_top_k(ties, 5, 0, ids, values) == FC_OK);
}

int main(void) {
    fc_test_seed(7);
    test_rmsnorm();
    test_softmax();
    test_elementwise();
    test_rope();
    test_get_rows();
    test_select();
    fc_set_kernel_level(fc_kernel_level_max());
    return TEST_RESULT();
}
