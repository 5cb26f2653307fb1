/*
 * fc_attention against a naive float64 softmax(Q K^T * scale + causal mask) V, at every kernel level,
 * GQA ratios 1/2/4/8, head_dim 32/64/128 (and 40 for F32/F16), several sequences of different lengths
 * in one call (decode, prefill, prefill continuing a cache), on 1, 2 and 3 threads. Decode gets its own
 * batches: it splits long caches into chunks combined afterwards, and its AVX-512 kernel groups the
 * query heads of one or several kv heads into calls of up to 8 rows, so the GQA ratios 1, 2, 3, 4, 6, 8,
 * 12 and 16 and kv head counts that do not fill the last call are all covered, with caches of 1 position,
 * a few, two halves, and several 1024-position chunks plus a ragged end.
 *
 * The reference reads the DEQUANTIZED cache (F16 and Q8_0 values are exact in float), so storage error
 * is not part of the comparison: what remains is the kernel's float arithmetic (dot products of up to
 * 128 terms, a polynomial exp, online rescaling), relative error ~1e-6 per element, so NMSE ~1e-12. The
 * bound NMSE < 1e-9 leaves three orders of margin yet catches any wrong position, head, mask or scale
 * (those give NMSE ~1e-2 or worse). Results must also be bitwise identical across thread counts.
 *
 * One documented rounding is mirrored rather than tolerated: AVX-512 GQA decode over a Q8_0 cache on a
 * CPU with VNNI rounds each (scaled) query row to int8 per block of 32 before its integer dot products
 * (fc_attn_raw_kv.q8), so those sequences are checked against a second reference whose queries are
 * rounded the same way, at the same NMSE bound, and with int8 scores turned off against the first.
 */
#include <math.h>
#include <stdlib.h>

#include "fastchat.h"
#include "fc_quants.h"
#include "attention/fc_attention_kernels.h"
#include "fc_test.h"
#include "quants/fc_quant_rows.h"

#define MAX_SEQS 5
static const double NMSE_LIMIT = 1e-9;
static double worst_nmse;

typedef struct {
    int64_t n_q, n_kv, q_pos;
} seq_shape;

typedef struct {
    int32_t kv_type;
    int64_t n_heads, n_kv_heads, head_dim;
    float scale;
    int n_seqs;
    seq_shape shape[MAX_SEQS];
    /* per sequence: inputs, stored cache, dequantized cache, reference output */
    float *q[MAX_SEQS];
    void *k[MAX_SEQS], *v[MAX_SEQS];
    float *k_deq[MAX_SEQS], *v_deq[MAX_SEQS];
    double *ref[MAX_SEQS];
    double *ref_int8q[MAX_SEQS]; /* with the queries rounded as int8 scoring rounds them (NULL: not used) */
    float *out[MAX_SEQS];
} problem;

static int64_t kv_elems(const problem *p, int s) { return p->shape[s].n_kv * p->n_kv_heads * p->head_dim; }
static int64_t q_elems(const problem *p, int s) { return p->shape[s].n_q * p->n_heads * p->head_dim; }

/* Stores random values in the cache type and keeps the exact dequantized values for the reference. */
static void make_cache(int32_t type, int64_t n, void **stored, float **deq) {
    float *x = malloc((size_t)n * sizeof(float));
    *deq = malloc((size_t)n * sizeof(float));
    fc_test_fill(x, n, -1.0f, 1.0f);
    if (type == FC_TYPE_F32) {
        *stored = x;
        for (int64_t i = 0; i < n; i++) (*deq)[i] = x[i];
        return;
    }
    if (type == FC_TYPE_F16) {
        fc_fp16 *h = malloc((size_t)n * sizeof(fc_fp16));
        for (int64_t i = 0; i < n; i++) {
            h[i] = fc_fp32_to_fp16(x[i]);
            (*deq)[i] = fc_fp16_to_fp32(h[i]);
        }
        *stored = h;
    } else {
        block_q8_0 *b = malloc((size_t)(n / QK8_0) * sizeof(block_q8_0));
        fc_quantize_row_q8_0(x, b, n);
        fc_dequantize_row_q8_0(b, *deq, n);
        *stored = b;
    }
    free(x);
}

/* Whether sequence s goes through int8 scores when they are on: over Q8_0 with head_dim a multiple of 64 up
 * to 256, decode with grouped-query heads (multi-head decode has its own kernel) and prefill with at least
 * 4 query heads per kv head (fewer take converted tiles). */
static int uses_int8_scores(const problem *p, int s) {
    const int64_t n_rep = p->n_heads / p->n_kv_heads;
    return p->kv_type == FC_TYPE_Q8_0 && p->head_dim % 64 == 0 && p->head_dim <= 256 &&
           (p->shape[s].n_q == 1 ? n_rep > 1 : n_rep >= 4);
}

/* The rounding of int8 scoring, in the same float operations: x = q * scale, per block of 32 step =
 * max|x| / 127 and x -> rint(x * (127 / max|x|)) * step; the result divided by scale again, as the
 * reference applies scale after the dot product. */
static void round_query_int8(const float *q, float scale, int64_t d, float *out) {
    for (int64_t b = 0; b < d; b += 32) {
        float x[32], amax = 0;
        for (int e = 0; e < 32; e++) {
            x[e] = q[b + e] * scale;
            amax = fabsf(x[e]) > amax ? fabsf(x[e]) : amax;
        }
        const float inv = amax > 0 ? 127.0f / amax : 0.0f, step = amax / 127.0f;
        for (int e = 0; e < 32; e++) out[b + e] = (float)((double)rintf(x[e] * inv) * step / scale);
    }
}

static void reference(problem *p, int s, int int8_queries, double *out) {
    const seq_shape sh = p->shape[s];
    const int64_t d = p->head_dim, n_rep = p->n_heads / p->n_kv_heads;
    double *w = malloc((size_t)(sh.n_kv > 0 ? sh.n_kv : 1) * sizeof(double));
    float rounded[256];
    for (int64_t i = 0; i < sh.n_q; i++) {
        for (int64_t h = 0; h < p->n_heads; h++) {
            const float *q = p->q[s] + (i * p->n_heads + h) * d;
            if (int8_queries) {
                round_query_int8(q, p->scale, d, rounded);
                q = rounded;
            }
            const int64_t g = h / n_rep, visible = sh.q_pos + i + 1;
            double max = -INFINITY, sum = 0;
            for (int64_t j = 0; j < visible; j++) {
                const float *k = p->k_deq[s] + (j * p->n_kv_heads + g) * d;
                double dot = 0;
                for (int64_t e = 0; e < d; e++) dot += (double)q[e] * k[e];
                w[j] = dot * p->scale;
                max = w[j] > max ? w[j] : max;
            }
            for (int64_t j = 0; j < visible; j++) sum += (w[j] = exp(w[j] - max));
            double *ref = out + (i * p->n_heads + h) * d;
            for (int64_t e = 0; e < d; e++) ref[e] = 0;
            for (int64_t j = 0; j < visible; j++) {
                const float *v = p->v_deq[s] + (j * p->n_kv_heads + g) * d;
                for (int64_t e = 0; e < d; e++) ref[e] += w[j] / sum * v[e];
            }
        }
    }
    free(w);
}

static void build(problem *p, float q_amplitude) {
    for (int s = 0; s < p->n_seqs; s++) {
        const int64_t nq = q_elems(p, s), nkv = kv_elems(p, s);
        p->q[s] = malloc((size_t)(nq > 0 ? nq : 1) * sizeof(float));
        fc_test_fill(p->q[s], nq, -q_amplitude, q_amplitude);
        make_cache(p->kv_type, nkv > 0 ? nkv : 0, &p->k[s], &p->k_deq[s]);
        make_cache(p->kv_type, nkv > 0 ? nkv : 0, &p->v[s], &p->v_deq[s]);
        p->ref[s] = malloc((size_t)(nq > 0 ? nq : 1) * sizeof(double));
        p->out[s] = malloc((size_t)(nq > 0 ? nq : 1) * sizeof(float));
        reference(p, s, 0, p->ref[s]);
        p->ref_int8q[s] = NULL;
        if (uses_int8_scores(p, s)) {
            p->ref_int8q[s] = malloc((size_t)nq * sizeof(double));
            reference(p, s, 1, p->ref_int8q[s]);
        }
    }
}

static void release(problem *p) {
    for (int s = 0; s < p->n_seqs; s++) {
        free(p->q[s]);
        free(p->k[s]);
        free(p->v[s]);
        free(p->k_deq[s]);
        free(p->v_deq[s]);
        free(p->ref[s]);
        free(p->ref_int8q[s]);
        free(p->out[s]);
    }
}

static fc_status run(const problem *p, fc_threadpool *pool) {
    fc_attention_seq seqs[MAX_SEQS];
    for (int s = 0; s < p->n_seqs; s++) {
        fc_test_poison(p->out[s], q_elems(p, s));
        seqs[s] = (fc_attention_seq){p->q[s], p->k[s], p->v[s], p->out[s], p->shape[s].n_q, p->shape[s].n_kv,
                                     p->shape[s].q_pos};
    }
    return fc_attention(pool, p->kv_type, p->n_heads, p->n_kv_heads, p->head_dim, p->scale, seqs, p->n_seqs);
}

static const char *type_name(int32_t t) { return t == FC_TYPE_F32 ? "f32" : t == FC_TYPE_F16 ? "f16" : "q8_0"; }

/* One problem at every level and thread count; at the AVX-512 level with VNNI, with int8 scores on and off. */
static void check_problem(problem *p, fc_threadpool **pools, const char *what) {
    float *first[MAX_SEQS] = {0};
    const int int8_available = fc_attention_int8_scores_active();
    for (int level = 0; level <= fc_kernel_level_max(); level++) {
        CHECK(fc_set_kernel_level(level) == FC_OK);
        for (int int8 = 0; int8 <= (level == FC_LEVEL_AVX512 && int8_available); int8++) {
            fc_attention_set_int8_scores(int8);
            for (int t = 0; t < 3; t++) {
                const fc_status status = run(p, pools[t]);
                CHECKF(status == FC_OK, "%s: %s", what, fc_last_error());
                for (int s = 0; s < p->n_seqs; s++) {
                    const int64_t n = q_elems(p, s);
                    const int rounded = int8 && p->ref_int8q[s];
                    const double nmse = fc_test_nmse(p->out[s], rounded ? p->ref_int8q[s] : p->ref[s], n);
                    if (nmse > worst_nmse) worst_nmse = nmse;
                    CHECKF(nmse < NMSE_LIMIT,
                           "%s %s d=%lld heads=%lld/%lld seq %d (n_q %lld n_kv %lld q_pos %lld) level %d%s threads %d: "
                           "nmse %.3g",
                           what, type_name(p->kv_type), (long long)p->head_dim, (long long)p->n_heads,
                           (long long)p->n_kv_heads, s, (long long)p->shape[s].n_q, (long long)p->shape[s].n_kv,
                           (long long)p->shape[s].q_pos, level, rounded ? " int8 scores" : "", t + 1, nmse);
                    if (t == 0) {
                        free(first[s]);
                        first[s] = malloc((size_t)(n > 0 ? n : 1) * sizeof(float));
                        memcpy(first[s], p->out[s], (size_t)n * sizeof(float));
                    } else {
                        CHECKF(memcmp(first[s], p->out[s], (size_t)n * sizeof(float)) == 0,
                               "%s: level %d, %d threads differ from 1 thread", what, level, t + 1);
                    }
                }
            }
        }
    }
    fc_attention_set_int8_scores(1);
    for (int s = 0; s < MAX_SEQS; s++) free(first[s]);
}

/* A batch mixing the cases a server meets: decode, a fresh prompt, a prompt continuing a cache,
 * queries that do not reach the end of the cache, and an empty sequence. */
static void mixed_batch(problem *p) {
    const int64_t long_kv = 150 + (int64_t)(fc_test_next() % 200);
    p->n_seqs = 5;
    p->shape[0] = (seq_shape){1, long_kv, long_kv - 1};               /* decode, several tiles */
    p->shape[1] = (seq_shape){23, 23, 0};                             /* fresh prefill, odd length */
    p->shape[2] = (seq_shape){7, 71, 64};                             /* continuation across a tile edge */
    p->shape[3] = (seq_shape){3, 90, 10};                             /* cache longer than the queries see */
    p->shape[4] = (seq_shape){0, 5, 2};                               /* nothing to do */
}

static void numeric_tests(fc_threadpool **pools) {
    const int32_t types[] = {FC_TYPE_F32, FC_TYPE_F16, FC_TYPE_Q8_0};
    const int64_t dims[] = {32, 64, 128, 40};
    const int64_t reps[] = {1, 2, 4, 8};
    const float amplitudes[] = {0.5f, 4.0f, 20.0f}; /* flat, moderate and near one-hot attention */
    int config = 0;
    for (int ti = 0; ti < 3; ti++) {
        for (int di = 0; di < 4; di++) {
            if (types[ti] == FC_TYPE_Q8_0 && dims[di] % 32 != 0) continue;
            for (int ri = 0; ri < 4; ri++, config++) {
                problem p = {0};
                p.kv_type = types[ti];
                p.head_dim = dims[di];
                p.n_kv_heads = 1 + config % 3;
                p.n_heads = p.n_kv_heads * reps[ri];
                p.scale = 1.0f / sqrtf((float)p.head_dim);
                mixed_batch(&p);
                build(&p, amplitudes[config % 3]);
                check_problem(&p, pools, "mixed batch");
                release(&p);
            }
        }
    }
    /* A long prompt: many query blocks and tiles, the later blocks seeing more of the cache. */
    for (int ti = 0; ti < 3; ti++) {
        problem p = {0};
        p.kv_type = types[ti];
        p.head_dim = 64;
        p.n_kv_heads = 2;
        p.n_heads = 8;
        p.scale = 0.125f;
        p.n_seqs = 1;
        p.shape[0] = (seq_shape){200, 260, 60};
        build(&p, 4.0f);
        check_problem(&p, pools, "long prefill");
        release(&p);
    }
}

/* Decode-only batches (one query per sequence): one position, a few, a cache longer than the query sees
 * (split in two halves), and a long cache split into 1024-position chunks with a ragged last one. */
static void decode_tests(fc_threadpool **pools) {
    const int32_t types[] = {FC_TYPE_F32, FC_TYPE_F16, FC_TYPE_Q8_0};
    /* 20: rows ending inside an 8-lane chunk (the AVX2 kernels' tails) */
    const int64_t dims[3][4] = {{40, 64, 128, 20}, {40, 64, 128, 20}, {32, 64, 128, 96}};
    /* (n_rep, n_kv_heads): groups that fill 8 rows with 8, 4, 2 or 1 kv heads, pad the last call (5 heads,
     * 3 kv heads of 2 or 4), do not divide 8 (3, 6), or need more than one call per kv head (12, 16) */
    const int64_t groups[][2] = {{1, 5}, {2, 3}, {4, 3}, {8, 2}, {3, 2}, {6, 1}, {12, 1}, {16, 1}};
    const float amplitudes[] = {0.5f, 4.0f, 20.0f};
    int config = 0;
    for (int ti = 0; ti < 3; ti++) {
        for (int di = 0; di < 4; di++) {
            for (size_t gi = 0; gi < sizeof groups / sizeof groups[0]; gi++, config++) {
                problem p = {0};
                p.kv_type = types[ti];
                p.head_dim = dims[ti][di];
                p.n_heads = groups[gi][0] * groups[gi][1];
                p.n_kv_heads = groups[gi][1];
                p.scale = 1.0f / sqrtf((float)p.head_dim);
                const int64_t long_kv = 2100 + (int64_t)(fc_test_next() % 400);
                p.n_seqs = 4;
                p.shape[0] = (seq_shape){1, 1, 0};
                p.shape[1] = (seq_shape){1, 37, 36};
                p.shape[2] = (seq_shape){1, 700, 650};
                /* the long cache costs the float64 reference most: every other configuration */
                p.shape[3] = config % 2 ? (seq_shape){1, long_kv, long_kv - 1} : (seq_shape){1, 300, 299};
                build(&p, amplitudes[config % 3]);
                check_problem(&p, pools, "decode batch");
                release(&p);
            }
        }
    }
}

/* The reported implementation follows the level, and Q8_0's int8 scores with VNNI only. */
static void path_tests(void) {
    static const char *const names[] = {"scalar", "avx2", "avx512"};
    for (int level = 0; level <= fc_kernel_level_max(); level++) {
        CHECK(fc_set_kernel_level(level) == FC_OK);
        CHECK(!strcmp(fc_attention_path(FC_TYPE_F16), names[level]));
        CHECK(!strcmp(fc_attention_path(FC_TYPE_F32), names[level]));
        const int int8 = level == FC_LEVEL_AVX512 && fc_attention_int8_scores_active();
        CHECK(!strcmp(fc_attention_path(FC_TYPE_Q8_0), int8 ? "avx512_vnni" : names[level]));
    }
    fc_attention_set_int8_scores(0);
    CHECK(strcmp(fc_attention_path(FC_TYPE_Q8_0), "avx512_vnni") != 0);
    fc_attention_set_int8_scores(1);
    CHECK(fc_attention_path(FC_TYPE_Q4_0) == NULL);
}

/* A NaN query element gives NaN outputs for its head with int8 scores as with f32 ones (not an int8
 * conversion of NaN), and leaves the other heads alone. */
static void nan_query_tests(void) {
    enum { HEADS = 8, KV_HEADS = 1, D = 64, N = 100 };
    float q[HEADS * D], out[HEADS * D], k[N * KV_HEADS * D], v[N * KV_HEADS * D];
    block_q8_0 kq[N * KV_HEADS * D / QK8_0], vq[N * KV_HEADS * D / QK8_0];
    fc_test_fill(q, HEADS * D, -1, 1);
    fc_test_fill(k, N * KV_HEADS * D, -1, 1);
    fc_test_fill(v, N * KV_HEADS * D, -1, 1);
    fc_quantize_row_q8_0(k, kq, N * KV_HEADS * D);
    fc_quantize_row_q8_0(v, vq, N * KV_HEADS * D);
    q[3] = NAN; /* head 0 */
    CHECK(fc_set_kernel_level(fc_kernel_level_max()) == FC_OK);
    for (int int8 = 0; int8 <= 1; int8++) {
        fc_attention_set_int8_scores(int8);
        fc_test_poison(out, HEADS * D);
        fc_attention_seq seq = {q, kq, vq, out, 1, N, N - 1};
        CHECK(fc_attention(NULL, FC_TYPE_Q8_0, HEADS, KV_HEADS, D, 0.125f, &seq, 1) == FC_OK);
        int nan_head0 = 1, finite_rest = 1;
        for (int i = 0; i < D; i++) nan_head0 &= isnan(out[i]) != 0;
        for (int i = D; i < HEADS * D; i++) finite_rest &= isfinite(out[i]) != 0;
        CHECKF(nan_head0 && finite_rest, "int8 scores %d: NaN query -> head 0 NaN %d, other heads finite %d", int8,
               nan_head0, finite_rest);
    }
    fc_attention_set_int8_scores(1);
}

static void expect_invalid(fc_status status, const char *what) {
    CHECKF(status == FC_ERR_INVALID_ARGUMENT, "%s: status %d", what, (int)status);
    CHECKF(fc_last_error()[0] != '\0', "%s: no message", what);
}

static void error_tests(void) {
    float q[2 * 4 * 64], out[2 * 4 * 64], kv[8 * 2 * 64];
    fc_test_fill(q, 2 * 4 * 64, -1, 1);
    fc_test_fill(kv, 8 * 2 * 64, -1, 1);
    fc_test_poison(out, 2 * 4 * 64);
    fc_attention_seq seq = {q, kv, kv, out, 2, 8, 6};
    CHECK(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, &seq, 1) == FC_OK);
    CHECK(fc_test_nmse(out, (double[1]){0}, 0) == 0); /* harness sanity */

    fc_test_poison(out, 2 * 4 * 64);
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 6, 4, 64, 0.125f, &seq, 1), "n_heads % n_kv_heads");
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 0, 64, 0.125f, &seq, 1), "n_kv_heads = 0");
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 0, 0.125f, &seq, 1), "head_dim = 0");
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, -64, 0.125f, &seq, 1), "head_dim < 0");
    expect_invalid(fc_attention(NULL, FC_TYPE_Q8_0, 4, 2, 40, 0.125f, &seq, 1), "Q8_0 head_dim 40");
    expect_invalid(fc_attention(NULL, FC_TYPE_Q4_0, 4, 2, 64, 0.125f, &seq, 1), "Q4_0 cache");
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, NULL, 1), "seqs NULL");
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, &seq, -1), "n_seqs < 0");
    fc_attention_seq bad = seq;
    bad.q_pos = 7; /* 7 + 2 > 8 */
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, &bad, 1), "q_pos + n_q > n_kv");
    bad = seq;
    bad.n_q = -1;
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, &bad, 1), "n_q < 0");
    const char *names[] = {"q NULL", "k NULL", "v NULL", "out NULL"};
    for (int which = 0; which < 4; which++) {
        bad = seq;
        if (which == 0) bad.q = NULL;
        if (which == 1) bad.k = NULL;
        if (which == 2) bad.v = NULL;
        if (which == 3) bad.out = NULL;
        expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, &bad, 1), names[which]);
    }
    /* A bad second sequence rejects the whole call before anything is written. */
    fc_attention_seq two[2] = {seq, seq};
    two[1].n_kv = 1;
    expect_invalid(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, two, 2), "second sequence invalid");
    int untouched = 1;
    for (int i = 0; i < 2 * 4 * 64; i++) untouched &= isnan(out[i]);
    CHECK(untouched);
    CHECK(fc_attention(NULL, FC_TYPE_F32, 4, 2, 64, 0.125f, NULL, 0) == FC_OK); /* empty batch */
}

int main(void) {
    fc_test_seed(20261123);
    fc_threadpool *pools[3] = {NULL, fc_threadpool_create(2), fc_threadpool_create(3)};
    CHECK(pools[1] && pools[2]);
    numeric_tests(pools);
    decode_tests(pools);
    printf("worst attention nmse %.3g (limit %.0e)\n", worst_nmse, NMSE_LIMIT);
    error_tests();
    path_tests();
    nan_query_tests();
    fc_set_kernel_level(fc_kernel_level_max());
    fc_threadpool_free(pools[1]);
    fc_threadpool_free(pools[2]);
    return TEST_RESULT();
}
