/*
 * AVX-512 attention kernels: F16C / int8 widening for K/V rows, the online-softmax update for one to
 * four query rows on converted tiles (prefill), and update_raw for up to eight rows reading the cache
 * directly (decode). In update the rows share every K and V load; scores are computed four keys at a
 * time (one transposing reduction per four dot products) and the accumulators updated with four value
 * rows per pass (a quarter of the accumulator loads and stores). update_raw is described further down.
 */
#include <math.h>
#include <string.h>

#include "attention/fc_attention_kernels.h"
#include "ops/fc_vec_exp.h"

static inline __mmask16 tail_mask(int64_t remaining) {
    return remaining >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << remaining) - 1);
}

static void f16_to_f32(const fc_fp16 *src, float *dst, int64_t n) {
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail_mask(n - i);
        _mm512_mask_storeu_ps(dst + i, m, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, src + i)));
    }
}

/* 16 int8 values as f32 (no scale). */
static inline __m512 widen_q8(const int8_t *qs) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)qs)));
}

static void q8_0_to_f32(const block_q8_0 *src, float *dst, int64_t n) {
    for (int64_t b = 0; b < n / QK8_0; b++, dst += QK8_0) {
        const __m512 d = _mm512_set1_ps(_cvtsh_ss(src[b].d));
        _mm512_storeu_ps(dst, _mm512_mul_ps(d, widen_q8(src[b].qs)));
        _mm512_storeu_ps(dst + 16, _mm512_mul_ps(d, widen_q8(src[b].qs + 16)));
    }
}

/* [sum(a0), sum(a1), sum(a2), sum(a3)]. */
static inline __m128 reduce4(__m512 a0, __m512 a1, __m512 a2, __m512 a3) {
    const __m512 x01 = _mm512_add_ps(_mm512_unpacklo_ps(a0, a1), _mm512_unpackhi_ps(a0, a1));
    const __m512 x23 = _mm512_add_ps(_mm512_unpacklo_ps(a2, a3), _mm512_unpackhi_ps(a2, a3));
    const __m512 y = _mm512_add_ps(_mm512_shuffle_ps(x01, x23, _MM_SHUFFLE(1, 0, 1, 0)),
                                   _mm512_shuffle_ps(x01, x23, _MM_SHUFFLE(3, 2, 3, 2)));
    const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(y), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(y), 1)));
    return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

/* The kernels below take `rows` (1 to 4) query rows; always_inline with a constant `rows` lets the compiler
 * unroll the row loops and keep every accumulator in a register (4 rows x 4 keys: 16 of the 32). */
#define ROWS_INLINE static inline __attribute__((always_inline))

/* scores[r * n + j] = scale * q_r . k_j, four keys at a time so one reduction serves four dot products. */
ROWS_INLINE void scores_of(int rows, const float *const *q, const float *k, int64_t stride, int64_t n, int64_t d,
                           float scale, float *scores) {
    const int64_t full = d / 16 * 16;
    const __mmask16 tail = tail_mask(d - full);
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *k0 = k + j * stride, *k1 = k0 + stride, *k2 = k1 + stride, *k3 = k2 + stride;
        __m512 a[FC_ATTN_MAX_ROWS][4];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < 4; c++) a[r][c] = _mm512_setzero_ps();
        for (int64_t i = 0; i < full; i += 16) {
            const __m512 x0 = _mm512_loadu_ps(k0 + i), x1 = _mm512_loadu_ps(k1 + i);
            const __m512 x2 = _mm512_loadu_ps(k2 + i), x3 = _mm512_loadu_ps(k3 + i);
            for (int r = 0; r < rows; r++) {
                const __m512 qv = _mm512_loadu_ps(q[r] + i);
                a[r][0] = _mm512_fmadd_ps(qv, x0, a[r][0]);
                a[r][1] = _mm512_fmadd_ps(qv, x1, a[r][1]);
                a[r][2] = _mm512_fmadd_ps(qv, x2, a[r][2]);
                a[r][3] = _mm512_fmadd_ps(qv, x3, a[r][3]);
            }
        }
        if (tail) {
            const __m512 x0 = _mm512_maskz_loadu_ps(tail, k0 + full), x1 = _mm512_maskz_loadu_ps(tail, k1 + full);
            const __m512 x2 = _mm512_maskz_loadu_ps(tail, k2 + full), x3 = _mm512_maskz_loadu_ps(tail, k3 + full);
            for (int r = 0; r < rows; r++) {
                const __m512 qv = _mm512_maskz_loadu_ps(tail, q[r] + full);
                a[r][0] = _mm512_fmadd_ps(qv, x0, a[r][0]);
                a[r][1] = _mm512_fmadd_ps(qv, x1, a[r][1]);
                a[r][2] = _mm512_fmadd_ps(qv, x2, a[r][2]);
                a[r][3] = _mm512_fmadd_ps(qv, x3, a[r][3]);
            }
        }
        for (int r = 0; r < rows; r++)
            _mm_storeu_ps(scores + r * n + j, _mm_mul_ps(_mm_set1_ps(scale), reduce4(a[r][0], a[r][1], a[r][2], a[r][3])));
    }
    for (; j < n; j++) {
        const float *kj = k + j * stride;
        for (int r = 0; r < rows; r++) {
            __m512 a = _mm512_setzero_ps();
            for (int64_t i = 0; i < d; i += 16) {
                const __mmask16 m = tail_mask(d - i);
                a = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, q[r] + i), _mm512_maskz_loadu_ps(m, kj + i), a);
            }
            scores[r * n + j] = scale * _mm512_reduce_add_ps(a);
        }
    }
}

/* Turns row r's scores into p_j = exp(s_j - new max) and returns the factor that rescales its old state. */
static float softmax_step(float *s, int64_t n, fc_attn_row_state *state) {
    __m512 vmax = _mm512_set1_ps(-INFINITY);
    for (int64_t j = 0; j < n; j += 16)
        vmax = _mm512_max_ps(vmax, _mm512_mask_loadu_ps(_mm512_set1_ps(-INFINITY), tail_mask(n - j), s + j));
    const float tile_max = _mm512_reduce_max_ps(vmax);
    const float new_max = tile_max > state->max ? tile_max : state->max;
    const float correction = state->max == -INFINITY ? 0.0f : expf(state->max - new_max);
    __m512 sum = _mm512_setzero_ps();
    const __m512 shift = _mm512_set1_ps(new_max);
    for (int64_t j = 0; j < n; j += 16) {
        const __mmask16 m = tail_mask(n - j);
        const __m512 p = _mm512_maskz_mov_ps(m, fc_exp512(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, s + j), shift)));
        _mm512_mask_storeu_ps(s + j, m, p);
        sum = _mm512_add_ps(sum, p);
    }
    state->sum = state->sum * correction + _mm512_reduce_add_ps(sum);
    state->max = new_max;
    return correction;
}

/* acc_r = acc_r * correction_r + sum_j p_rj v_j, four value rows per pass over the accumulators. */
ROWS_INLINE void accumulate(int rows, const float *p, const float *v, int64_t stride, int64_t n, int64_t d,
                            const float *correction, float *acc) {
    for (int r = 0; r < rows; r++) {
        if (correction[r] == 1.0f) continue;
        const __m512 c = _mm512_set1_ps(correction[r]);
        for (int64_t i = 0; i < d; i += 16) {
            const __mmask16 m = tail_mask(d - i);
            _mm512_mask_storeu_ps(acc + r * d + i, m, _mm512_mul_ps(c, _mm512_maskz_loadu_ps(m, acc + r * d + i)));
        }
    }
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *v0 = v + j * stride, *v1 = v0 + stride, *v2 = v1 + stride, *v3 = v2 + stride;
        __m512 w[FC_ATTN_MAX_ROWS][4];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < 4; c++) w[r][c] = _mm512_set1_ps(p[r * n + j + c]);
        for (int64_t i = 0; i < d; i += 16) {
            const __mmask16 m = tail_mask(d - i);
            const __m512 x0 = _mm512_maskz_loadu_ps(m, v0 + i), x1 = _mm512_maskz_loadu_ps(m, v1 + i);
            const __m512 x2 = _mm512_maskz_loadu_ps(m, v2 + i), x3 = _mm512_maskz_loadu_ps(m, v3 + i);
            for (int r = 0; r < rows; r++) {
                __m512 a = _mm512_maskz_loadu_ps(m, acc + r * d + i);
                a = _mm512_fmadd_ps(w[r][0], x0, a);
                a = _mm512_fmadd_ps(w[r][1], x1, a);
                a = _mm512_fmadd_ps(w[r][2], x2, a);
                a = _mm512_fmadd_ps(w[r][3], x3, a);
                _mm512_mask_storeu_ps(acc + r * d + i, m, a);
            }
        }
    }
    for (; j < n; j++) {
        const float *vj = v + j * stride;
        for (int64_t i = 0; i < d; i += 16) {
            const __mmask16 m = tail_mask(d - i);
            const __m512 x = _mm512_maskz_loadu_ps(m, vj + i);
            for (int r = 0; r < rows; r++) {
                const __m512 a = _mm512_maskz_loadu_ps(m, acc + r * d + i);
                _mm512_mask_storeu_ps(acc + r * d + i, m, _mm512_fmadd_ps(_mm512_set1_ps(p[r * n + j]), x, a));
            }
        }
    }
}

ROWS_INLINE void update_rows(int rows, const float *const *q, const float *k, const float *v, int64_t stride,
                             int64_t n, int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    scores_of(rows, q, k, stride, n, d, scale, scores);
    float correction[FC_ATTN_MAX_ROWS];
    for (int r = 0; r < rows; r++) correction[r] = softmax_step(scores + r * n, n, &state[r]);
    accumulate(rows, scores, v, stride, n, d, correction, acc);
}

static void update(int rows, const float *const *q, const float *k, const float *v, int64_t stride, int64_t n,
                   int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    switch (rows) {
    case 4: update_rows(4, q, k, v, stride, n, d, scale, state, acc, scores); break;
    case 3: update_rows(3, q, k, v, stride, n, d, scale, state, acc, scores); break;
    case 2: update_rows(2, q, k, v, stride, n, d, scale, state, acc, scores); break;
    default: update_rows(1, q, k, v, stride, n, d, scale, state, acc, scores); break;
    }
}

/* ---- update_raw: up to 8 rows straight from the F32/F16/Q8_0 cache ------------------------------------
 * Rows are padded to R = 1, 2, 4 or 8 so that a score vector holds 16 / R keys x R rows: lane l is key
 * l / R, row l % R. Sixteen dot products (16 / R keys x R rows) are accumulated in 16 registers and
 * reduced to one vector by a transposing tree (45 shuffles/adds for 16 dot products), which is already
 * the layout the softmax wants, so no score is ever handled as a scalar. The rows of one call may belong
 * to R / G kv heads (G rows each: GQA groups smaller than 8, or multi-head attention with G = 1), so
 * every call fills all 16 lanes and reads a wider contiguous piece of each cache position. The
 * accumulate pass keeps a 16-register block of the accumulators (R rows x 32 or 64 dims) across all keys
 * of the call and broadcasts each probability from memory. K and V rows are converted to f32 in
 * registers as they are loaded, once for the G rows that share them. */

/* 16 elements of a K/V row starting at element 16 * c, as f32 (lanes outside `m` read as 0). */
ROWS_INLINE __m512 load16(int32_t type, const char *row, int64_t c, int masked, __mmask16 m) {
    if (type == FC_TYPE_F16) {
        const fc_fp16 *h = (const fc_fp16 *)row + 16 * c;
        return _mm512_cvtph_ps(masked ? _mm256_maskz_loadu_epi16(m, h) : _mm256_loadu_si256((const __m256i *)h));
    }
    if (type == FC_TYPE_Q8_0) { /* head_dim % 32 == 0: a chunk is all in or (past head_dim) all out */
        if (masked && !m) return _mm512_setzero_ps();
        const block_q8_0 *b = (const block_q8_0 *)row + c / 2;
        return _mm512_mul_ps(_mm512_set1_ps(_cvtsh_ss(b->d)), widen_q8(b->qs + 16 * (c & 1)));
    }
    const float *f = (const float *)row + 16 * c;
    return masked ? _mm512_maskz_loadu_ps(m, f) : _mm512_loadu_ps(f);
}

/* Asks for the cache lines of [p, p + bytes): decode streams the cache from DRAM, and without this the
 * out-of-order window covers the latency of only a few rows. */
static inline void prefetch_span(const char *p, int64_t bytes) {
    const uintptr_t last = ((uintptr_t)p + (uintptr_t)bytes - 1) & ~(uintptr_t)63;
    for (uintptr_t line = (uintptr_t)p & ~(uintptr_t)63; line <= last; line += 64)
        _mm_prefetch((const char *)line, _MM_HINT_T0);
}

/* Lane i of the result = sum of the lanes of a[i]. */
static inline __m512 reduce16(const __m512 *a) {
    __m512 x[8], y[4];
    for (int i = 0; i < 8; i++) /* per 128-bit lane: [a(2i) a(2i+1) a(2i) a(2i+1)] partial sums */
        x[i] = _mm512_add_ps(_mm512_unpacklo_ps(a[2 * i], a[2 * i + 1]), _mm512_unpackhi_ps(a[2 * i], a[2 * i + 1]));
    for (int i = 0; i < 4; i++) /* per 128-bit lane: [a(4i) .. a(4i+3)] */
        y[i] = _mm512_add_ps(_mm512_shuffle_ps(x[2 * i], x[2 * i + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                             _mm512_shuffle_ps(x[2 * i], x[2 * i + 1], _MM_SHUFFLE(3, 2, 3, 2)));
    const __m512 z0 = _mm512_add_ps(_mm512_shuffle_f32x4(y[0], y[1], 0x44), _mm512_shuffle_f32x4(y[0], y[1], 0xee));
    const __m512 z1 = _mm512_add_ps(_mm512_shuffle_f32x4(y[2], y[3], 0x44), _mm512_shuffle_f32x4(y[2], y[3], 0xee));
    return _mm512_add_ps(_mm512_shuffle_f32x4(z0, z1, 0x88), _mm512_shuffle_f32x4(z0, z1, 0xdd));
}

/* Every lane gets the max (or sum) over the lanes of its row (lanes equal mod R). */
ROWS_INLINE __m512 row_allreduce(int R, __m512 x, int is_max) {
    for (int s = 8; s >= R; s /= 2) {
        const __m512 y = s == 8   ? _mm512_shuffle_f32x4(x, x, 0x4e)
                         : s == 4 ? _mm512_shuffle_f32x4(x, x, 0xb1)
                         : s == 2 ? _mm512_permute_ps(x, 0x4e)
                                  : _mm512_permute_ps(x, 0xb1);
        x = is_max ? _mm512_max_ps(x, y) : _mm512_add_ps(x, y);
    }
    return x;
}

/* What one update_raw call works on. Row r reads the K/V row at (position) + kv_off[r / G]. */
typedef struct {
    const float *q[8];   /* padded to R rows */
    const fc_attn_q8_row *q8[8]; /* the same rows rounded to int8 (Q8_0 with kv->q8 only) */
    int64_t kv_off[8];   /* byte offset of each kv head's row within a position */
    const char *k, *v;
    int64_t stride, n, d;
    const char *pf_k, *pf_v; /* key j prefetches [pf + j * pf_step, + pf_step) (pf_step 0: none) */
    int64_t pf_step;
} raw_call;

/* q . k for keys j .. j + 16/R - 1 (clamped to n - 1) and R rows, unscaled, in the lane layout above. */
ROWS_INLINE __m512 score_vector(int R, int G, int32_t type, const raw_call *c, int64_t j) {
    const int keys = 16 / R, heads = R / G;
    const int64_t d = c->d, full = d / 16;
    const char *row[16];
    for (int u = 0; u < keys; u++) {
        row[u] = c->k + (j + u < c->n ? j + u : c->n - 1) * c->stride;
        if (c->pf_step && j + u < c->n) prefetch_span(c->pf_k + (j + u) * c->pf_step, c->pf_step);
    }
    __m512 a[16];
    for (int i = 0; i < 16; i++) a[i] = _mm512_setzero_ps();
    for (int64_t ch = 0; ch < full; ch++) {
        /* each q chunk is loaded once for all keys of the step (the barrier keeps the compiler from
         * folding it into every FMA as a memory operand: one load per FMA overloads the load ports) */
        __m512 qv[8];
        for (int r = 0; r < R; r++) {
            qv[r] = _mm512_loadu_ps(c->q[r] + 16 * ch);
            __asm__("" : "+v"(qv[r]));
        }
        for (int u = 0; u < keys; u++)
            for (int h = 0; h < heads; h++) {
                const __m512 x = load16(type, row[u] + c->kv_off[h], ch, 0, 0);
                for (int g = 0; g < G; g++) {
                    const int r = h * G + g;
                    a[u * R + r] = _mm512_fmadd_ps(qv[r], x, a[u * R + r]);
                }
            }
    }
    if (d % 16) {
        const __mmask16 m = tail_mask(d % 16);
        for (int u = 0; u < keys; u++)
            for (int h = 0; h < heads; h++) {
                const __m512 x = load16(type, row[u] + c->kv_off[h], full, 1, m);
                for (int g = 0; g < G; g++) {
                    const int r = h * G + g;
                    a[u * R + r] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, c->q[r] + 16 * full), x, a[u * R + r]);
                }
            }
    }
    return reduce16(a);
}

/* acc_r[dims 16 c0 .. 16 (c0 + CP)) = acc_r * corr_r + sum_j p_jr v_j. U keys per step in separate
 * registers so that U x R x CP = 16 independent FMA chains hide the FMA latency. `masked`: the block runs
 * past head_dim (chunks past it load as 0 and are not stored). */
ROWS_INLINE void accumulate_block(int R, int G, int CP, int32_t type, int masked, const raw_call *c, int rows,
                                  const float *p, int64_t c0, int prefetch, const float *corr, float *acc) {
    enum { MAXU = 4 };
    const int U = 16 / (R * CP), heads = R / G;
    const int64_t d = c->d, n = c->n;
    __mmask16 m[4];
    for (int i = 0; i < CP; i++) {
        const int64_t left = d - 16 * (c0 + i);
        m[i] = masked ? (left <= 0 ? 0 : tail_mask(left)) : 0xffff;
    }
    __m512 a[MAXU][8][4];
    for (int u = 0; u < U; u++)
        for (int r = 0; r < R; r++)
            for (int i = 0; i < CP; i++) a[u][r][i] = _mm512_setzero_ps();
    for (int r = 0; r < R && r < rows; r++)
        for (int i = 0; i < CP; i++)
            a[0][r][i] =
                _mm512_mul_ps(_mm512_set1_ps(corr[r]), _mm512_maskz_loadu_ps(m[i], acc + r * d + 16 * (c0 + i)));
    for (int64_t j = 0; j < n; j += U) {
        for (int u = 0; u < U; u++) {
            /* keys past n have p = 0; their row pointer is clamped to a real row */
            const char *row = c->v + (j + u < n ? j + u : n - 1) * c->stride;
            if (prefetch && j + u < n) prefetch_span(c->pf_v + (j + u) * c->pf_step, c->pf_step);
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < CP; i++) {
                    const __m512 x = load16(type, row + c->kv_off[h], c0 + i, masked, m[i]);
                    for (int g = 0; g < G; g++) {
                        const int r = h * G + g;
                        a[u][r][i] = _mm512_fmadd_ps(_mm512_set1_ps(p[(j + u) * R + r]), x, a[u][r][i]);
                    }
                }
        }
    }
    for (int r = 0; r < R && r < rows; r++)
        for (int i = 0; i < CP; i++) {
            __m512 sum = a[0][r][i];
            for (int u = 1; u < U; u++) sum = _mm512_add_ps(sum, a[u][r][i]);
            _mm512_mask_storeu_ps(acc + r * d + 16 * (c0 + i), m[i], sum);
        }
}

/* exp(x) for x <= 0 (-inf gives 0), as 2^(x log2 e): Cephes exp2f's degree-6 polynomial on the fraction
 * and vscalefps for the power of two, 11 operations where fc_exp512 takes about 18 (its extra accuracy,
 * 5e-9 against 2e-7 relative here, is far below what an f16/q8_0 cache keeps). NaN stays NaN. */
static inline __m512 exp_nonpositive(__m512 x) {
    x = _mm512_max_ps(_mm512_set1_ps(-150.0f), _mm512_mul_ps(x, _mm512_set1_ps(FC_LOG2E))); /* 2^-150 scales to 0 */
    const __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.535336188319500e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.339887440266574e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.618437357674640e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550332471162809e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.402264791363012e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931472028550421e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

/* Online-softmax step over the score vectors: p = exp(s - new max) in place, the rows' max and sum
 * updated; corr[r] (lane r) receives the factor that rescales row r's accumulator. */
ROWS_INLINE void softmax_vectors(int R, int rows, float *scores, int64_t vectors, __m512 vmax,
                                 fc_attn_row_state *state, float *corr) {
    float old_max[16], old_sum[16], tile_sum[16], new_max[16];
    for (int l = 0; l < 16; l++) {
        const int r = l % R < rows ? l % R : rows - 1;
        old_max[l] = state[r].max;
        old_sum[l] = state[r].sum;
    }
    const __m512 vmax_new = _mm512_max_ps(_mm512_loadu_ps(old_max), row_allreduce(R, vmax, 1));
    /* exp(-inf - max) = 0: the first tile discards the (zero) old state */
    _mm512_storeu_ps(corr, exp_nonpositive(_mm512_sub_ps(_mm512_loadu_ps(old_max), vmax_new)));
    __m512 vsum = _mm512_setzero_ps();
    for (int64_t i = 0; i < vectors; i++) {
        const __m512 p = exp_nonpositive(_mm512_sub_ps(_mm512_loadu_ps(scores + 16 * i), vmax_new));
        _mm512_storeu_ps(scores + 16 * i, p);
        vsum = _mm512_add_ps(vsum, p);
    }
    _mm512_storeu_ps(tile_sum, row_allreduce(R, vsum, 0));
    _mm512_storeu_ps(new_max, vmax_new);
    for (int r = 0; r < rows; r++) {
        state[r].sum = old_sum[r] * corr[r] + tile_sum[r];
        state[r].max = new_max[r];
    }
}

/* The dword that half s % 2 of transpose_8x16's out[s / 2] holds. */
static const int8_t tk_slot_dword[16] = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};

/* r[u] = 16 dwords of row u (u < 8). Each 256-bit half of out[i] holds one dword of all 8 rows: dword
 * tk_slot_dword[2i] (low half) and tk_slot_dword[2i + 1] (high half). */
static inline void transpose_8x16(const __m512i r[8], __m512i out[8]) {
    __m512i a[8], b[8];
    for (int i = 0; i < 4; i++) { /* per 128-bit lane k: rows 2i, 2i+1 interleaved */
        a[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);     /* dwords 4k, 4k + 1 */
        a[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]); /* dwords 4k + 2, 4k + 3 */
    }
    for (int g = 0; g < 2; g++) { /* lane k of b[4g + m]: dword 4k + m of rows 4g .. 4g + 3 */
        const __m512i *x = a + 4 * g;
        b[4 * g + 0] = _mm512_unpacklo_epi64(x[0], x[2]);
        b[4 * g + 1] = _mm512_unpackhi_epi64(x[0], x[2]);
        b[4 * g + 2] = _mm512_unpacklo_epi64(x[1], x[3]);
        b[4 * g + 3] = _mm512_unpackhi_epi64(x[1], x[3]);
    }
    /* rows 0-3 and 4-7 of one dword side by side: dwords m, 4 + m (lanes 0, 1) and 8 + m, 12 + m */
    const __m512i first = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0), second = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
    for (int m = 0; m < 4; m++) {
        out[2 * m] = _mm512_permutex2var_epi64(b[m], first, b[4 + m]);
        out[2 * m + 1] = _mm512_permutex2var_epi64(b[m], second, b[4 + m]);
    }
}

/* scores[r * ld + j] = scale * q_r . k_j for the 8 rows of one kv head over an F16 cache (d % 32 == 0,
 * d <= TK_MAX_DIM), 16 positions at a time; positions n .. ld - 1 (ld: n rounded up to 16) get -inf. */
/* Scores of positions j .. j + 15 for R rows (s[r]: row r's 16 positions) stored in score_vector's
 * key-major layout (row r of position j + u at scores[(j + u) R + r]; positions past n as -inf); returns
 * the running maximum per lane vmax updated with them. */
ROWS_INLINE __m512 store_key_major(int R, __m512 *s, int64_t n, int64_t j, float *scores, __m512 vmax) {
    const __mmask16 valid = n - j >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - j)) - 1);
    for (int r = 0; r < R; r++) s[r] = _mm512_mask_mov_ps(_mm512_set1_ps(-INFINITY), valid, s[r]);
    float *dst = scores + j * R;
    if (R == 8) {
        __m512i x[8], y[8];
        for (int r = 0; r < 8; r++) x[r] = _mm512_castps_si512(s[r]);
        transpose_8x16(x, y);
        for (int i = 0; i < 8; i++) { /* y[i]: the 8 rows of two positions; lane l is row l % 8 */
            _mm256_storeu_si256((__m256i *)(dst + 8 * tk_slot_dword[2 * i]), _mm512_castsi512_si256(y[i]));
            _mm512_mask_storeu_epi32(dst + 8 * tk_slot_dword[2 * i + 1] - 8, 0xff00, y[i]);
            vmax = _mm512_max_ps(vmax, _mm512_castsi512_ps(y[i])); /* not reloaded: the halves' stores
                                                                       would not forward to one load */
        }
        return vmax;
    }
    float rows[8][16];
    for (int r = 0; r < R; r++) _mm512_storeu_ps(rows[r], s[r]);
    for (int u = 0; u < 16; u++)
        for (int r = 0; r < R; r++) dst[u * R + r] = rows[r][u];
    for (int v = 0; v < R; v++) vmax = _mm512_max_ps(vmax, _mm512_loadu_ps(dst + 16 * v));
    return vmax;
}

/* ---- F16 grouped-query scores with K transposed (8 rows of one kv head) --------------------------------
 * score_vector ends every 16 dot products in a 45-operation transposing reduction, ~2.8 shuffles and adds
 * per score beside the 4 FMAs of head_dim 64: its score pass ran at ~52% of the FMA peak. Here 8 positions
 * x 32 dims of K are transposed with 2 dims per dword (24 shuffles, shared by the 8 rows), so one FMA adds
 * one row's products for a pair of dims at 8 positions, and one pair-add per 8 positions ends the dot
 * products: ~5.5 operations per score. */
enum { TK_MAX_DIM = 256 };

static void scores16_f16_transposed(const raw_call *c, float scale, int64_t j, __m512 out[8]) {
    const int64_t d = c->d, n = c->n, slots = d / 2;
    /* [8-position half][slot (tk_slot_dword order per 32 dims)][8 positions x 2 dims] */
    fc_fp16 t[2][TK_MAX_DIM / 2 * 16] __attribute__((aligned(64)));
    for (int h = 0; h < 2; h++) {
        const char *row[8];
        for (int u = 0; u < 8; u++) {
            const int64_t p = j + 8 * h + u;
            row[u] = c->k + c->kv_off[0] + (p < n ? p : n - 1) * c->stride; /* past n: masked by the caller */
            if (c->pf_step && p < n) prefetch_span(c->pf_k + p * c->pf_step, c->pf_step);
        }
        for (int64_t blk = 0; blk < d / 32; blk++) {
            __m512i x[8], y[8];
            for (int u = 0; u < 8; u++) x[u] = _mm512_loadu_si512(row[u] + 64 * blk);
            transpose_8x16(x, y);
            for (int i = 0; i < 8; i++) _mm512_store_si512(t[h] + (16 * blk + 2 * i) * 16, y[i]);
        }
    }
    __m512 lo[8], hi[8]; /* lanes 2u, 2u + 1: the even and odd dims of position u (hi: u + 8) */
    for (int r = 0; r < 8; r++) lo[r] = hi[r] = _mm512_setzero_ps();
    for (int64_t s = 0; s < slots; s++) {
        const __m512 k_lo = _mm512_cvtph_ps(_mm256_load_si256((const __m256i *)(t[0] + 16 * s)));
        const __m512 k_hi = _mm512_cvtph_ps(_mm256_load_si256((const __m256i *)(t[1] + 16 * s)));
        const int64_t dim = 2 * (s / 16 * 16 + tk_slot_dword[s % 16]);
        for (int r = 0; r < 8; r++) {
            double pair; /* q_r[dim], q_r[dim + 1] in every lane pair */
            memcpy(&pair, c->q[r] + dim, sizeof pair);
            const __m512 qp = _mm512_castpd_ps(_mm512_set1_pd(pair));
            lo[r] = _mm512_fmadd_ps(qp, k_lo, lo[r]);
            hi[r] = _mm512_fmadd_ps(qp, k_hi, hi[r]);
        }
    }
    const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    for (int r = 0; r < 8; r++) {
        const __m512 l = _mm512_add_ps(lo[r], _mm512_permute_ps(lo[r], 0xb1));
        const __m512 h = _mm512_add_ps(hi[r], _mm512_permute_ps(hi[r], 0xb1));
        out[r] = _mm512_mul_ps(_mm512_set1_ps(scale), _mm512_permutex2var_ps(l, even, h));
    }
}

static int64_t scores_f16_transposed(const raw_call *c, float scale, float *scores, __m512 *vmax) {
    __m512 m = _mm512_set1_ps(-INFINITY);
    for (int64_t j = 0; j < c->n; j += 16) {
        __m512 s[8];
        scores16_f16_transposed(c, scale, j, s);
        m = store_key_major(8, s, c->n, j, scores, m);
    }
    *vmax = m;
    return (c->n + 15) / 16 * 8;
}

/* ---- Q8_0 scores in integers (AVX512-VNNI) ------------------------------------------------------------
 * Over a Q8_0 cache, score_vector widens every int8 K value to f32 and scales it per 16 values: ~8 vector
 * operations per score at head_dim 64, which made GQA decode over Q8_0 slower than over F16. With
 * kv->q8 the query rows come rounded to 8 bits per block of 32 (fc_attn_q8_row), as llama.cpp's CPU
 * backend rounds Q to Q8_0 when K is Q8_0, and q . k is summed in int32 by vpdpbusd: the int8 values
 * of 16 positions are transposed into groups of 4 (dims 4t .. 4t + 3 of position u in lane u), so one
 * instruction adds 4 products at 16 positions, and each block's integer sum is scaled once. vpdpbusd
 * multiplies unsigned by signed bytes: K is biased by +128 (xor 0x80) and 128 x sum(q) of the block taken
 * off again. About 2.5 operations per score. */
/* t[i] = dword i of the 16 rows x[0..15] (lane u from x[u]). */
static inline void transpose_16x16(const __m512i x[16], __m512i t[16]) {
    __m512i a[16], b[16];
    for (int i = 0; i < 8; i++) {
        a[2 * i] = _mm512_unpacklo_epi32(x[2 * i], x[2 * i + 1]);
        a[2 * i + 1] = _mm512_unpackhi_epi32(x[2 * i], x[2 * i + 1]);
    }
    for (int g = 0; g < 4; g++) { /* lane k of b[4g + m]: dword 4k + m of rows 4g .. 4g + 3 */
        b[4 * g + 0] = _mm512_unpacklo_epi64(a[4 * g], a[4 * g + 2]);
        b[4 * g + 1] = _mm512_unpackhi_epi64(a[4 * g], a[4 * g + 2]);
        b[4 * g + 2] = _mm512_unpacklo_epi64(a[4 * g + 1], a[4 * g + 3]);
        b[4 * g + 3] = _mm512_unpackhi_epi64(a[4 * g + 1], a[4 * g + 3]);
    }
    for (int m = 0; m < 4; m++) {
        const __m512i lo02 = _mm512_shuffle_i32x4(b[m], b[4 + m], 0x88), lo13 = _mm512_shuffle_i32x4(b[m], b[4 + m], 0xdd);
        const __m512i hi02 = _mm512_shuffle_i32x4(b[8 + m], b[12 + m], 0x88), hi13 = _mm512_shuffle_i32x4(b[8 + m], b[12 + m], 0xdd);
        t[m] = _mm512_shuffle_i32x4(lo02, hi02, 0x88);      /* lanes 0 */
        t[8 + m] = _mm512_shuffle_i32x4(lo02, hi02, 0xdd);  /* lanes 2 */
        t[4 + m] = _mm512_shuffle_i32x4(lo13, hi13, 0x88);  /* lanes 1 */
        t[12 + m] = _mm512_shuffle_i32x4(lo13, hi13, 0xdd); /* lanes 3 */
    }
}

/* Scores of positions j .. j + 15 (clamped to n - 1; masked by the caller) for the R rows, one vector of 16
 * positions per row: out[r] = step-scaled q_r . k. */
ROWS_INLINE void scores16_q8_int(int R, int G, const raw_call *c, float scale, int64_t j, __m512 *out) {
    const int64_t d = c->d, n = c->n;
    /* byte offsets of the 16 positions from position j (the ones past n repeat the last) */
    const __m512i u16 = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i offsets = _mm512_mullo_epi32(_mm512_min_epi32(u16, _mm512_set1_epi32((int)(n - 1 - j))),
                                               _mm512_set1_epi32((int)c->stride));
    for (int r = 0; r < R; r++) out[r] = _mm512_setzero_ps();
    if (c->pf_step) /* the caller's next tile, as score_vector asks for it */
        for (int64_t p = j; p < j + 16 && p < n; p++) prefetch_span(c->pf_k + p * c->pf_step, c->pf_step);
    for (int h = 0; h < R / G; h++) {
        const char *base = c->k + c->kv_off[h] + j * c->stride;
        for (int64_t chunk = 0; chunk < d / 64; chunk++) { /* blocks 2 chunk and 2 chunk + 1 */
            __m512i x[16], t[16];
            for (int u = 0; u < 16; u++) {
                const char *row = base + (j + u < n ? u : n - 1 - j) * c->stride + 68 * chunk;
                x[u] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(row + 2))),
                                          _mm256_loadu_si256((const __m256i *)(row + 36)), 1);
            }
            transpose_16x16(x, t);
            for (int i = 0; i < 16; i++) t[i] = _mm512_xor_si512(t[i], _mm512_set1_epi8((char)0x80));
            __m512 kstep[2]; /* the K blocks' steps at the 16 positions (the f16 before each block's values) */
            for (int e = 0; e < 2; e++) {
                const __m512i raw = _mm512_i32gather_epi32(_mm512_add_epi32(offsets, _mm512_set1_epi32((int)(68 * chunk + 34 * e))), base, 1);
                kstep[e] = _mm512_cvtph_ps(_mm512_cvtepi32_epi16(raw));
            }
            for (int g = 0; g < G; g++) {
                const int r = h * G + g;
                const fc_attn_q8_row *q = c->q8[r];
                const int8_t *qd = q->qs + 64 * chunk;
                for (int e = 0; e < 2; e++) {
                    __m512i acc = _mm512_setzero_si512();
                    for (int i = 0; i < 8; i++) {
                        int32_t four; /* q_r's dims 4i .. 4i + 3 of the block, in every lane */
                        memcpy(&four, qd + 32 * e + 4 * i, sizeof four);
                        acc = _mm512_dpbusd_epi32(acc, t[8 * e + i], _mm512_set1_epi32(four));
                    }
                    const int64_t blk = 2 * chunk + e;
                    const __m512 dot = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc, _mm512_set1_epi32(q->bias[blk])));
                    out[r] = _mm512_fmadd_ps(_mm512_mul_ps(kstep[e], _mm512_set1_ps(scale * q->step[blk])), dot, out[r]);
                }
            }
        }
    }
}

/* update_raw's scores over Q8_0 in integers: score_vector's lane layout (key-major, R rows per key) for
 * positions 0 .. n - 1 and -inf up to a multiple of 16, with their running maximum per lane. Returns the
 * number of score vectors written. */
ROWS_INLINE int64_t scores_q8_int(int R, int G, const raw_call *c, float scale, float *scores, __m512 *vmax) {
    __m512 m = _mm512_set1_ps(-INFINITY);
    for (int64_t j = 0; j < c->n; j += 16) {
        __m512 s[8];
        scores16_q8_int(R, G, c, scale, j, s);
        m = store_key_major(R, s, c->n, j, scores, m);
    }
    *vmax = m;
    return (c->n + 15) / 16 * R;
}

/* One out-of-line function per (R, G): vpdpbusd may only appear in functions named *vnni*
 * (check_vnni_isolation.sh), since the rest of this file also runs on AVX-512 CPUs without VNNI. */
#define SCORES_VNNI(R, G)                                                                                        \
    static __attribute__((noinline)) int64_t scores_q8_vnni_##R##_##G(const raw_call *c, float scale,          \
                                                                       float *scores, __m512 *vmax) {          \
        return scores_q8_int(R, G, c, scale, scores, vmax);                                                     \
    }
SCORES_VNNI(1, 1)
SCORES_VNNI(2, 2)
SCORES_VNNI(4, 4)
SCORES_VNNI(8, 8)
SCORES_VNNI(8, 4)
SCORES_VNNI(8, 2)
SCORES_VNNI(8, 1)

ROWS_INLINE int64_t scores_q8_vnni(int R, int G, const raw_call *c, float scale, float *scores, __m512 *vmax) {
    if (R == 8)
        return G == 8   ? scores_q8_vnni_8_8(c, scale, scores, vmax)
               : G == 4 ? scores_q8_vnni_8_4(c, scale, scores, vmax)
               : G == 2 ? scores_q8_vnni_8_2(c, scale, scores, vmax)
                        : scores_q8_vnni_8_1(c, scale, scores, vmax);
    return R == 4 ? scores_q8_vnni_4_4(c, scale, scores, vmax)
           : R == 2 ? scores_q8_vnni_2_2(c, scale, scores, vmax)
                    : scores_q8_vnni_1_1(c, scale, scores, vmax);
}

/* update_raw for R rows in groups of G per kv head (R / G kv heads), `rows` of them real. */
ROWS_INLINE void update_raw_rows(int R, int G, int32_t type, int rows, const float *const *q,
                                 const fc_attn_raw_kv *kv, int64_t n, int64_t d, float scale,
                                 fc_attn_row_state *state, float *acc, float *scores) {
    const int keys = 16 / R, heads = R / G;
    raw_call c = {.k = kv->k, .v = kv->v, .stride = kv->stride, .n = n, .d = d, .pf_k = kv->pf_k, .pf_v = kv->pf_v,
                  .pf_step = kv->pf_step};
    for (int r = 0; r < R; r++) { /* padding rows repeat the last row */
        c.q[r] = q[r < rows ? r : rows - 1];
        c.q8[r] = kv->q8 ? kv->q8 + (r < rows ? r : rows - 1) : NULL;
    }
    for (int h = 0; h < heads; h++) c.kv_off[h] = (h * G < rows ? h : (rows - 1) / G) * kv->kv_step;

    /* scores (scaled; keys past n masked to -inf) and their running maximum per lane */
    int64_t vectors = (n + keys - 1) / keys;
    __m512 vmax = _mm512_set1_ps(-INFINITY);
    if (type == FC_TYPE_Q8_0 && kv->q8) {
        vectors = scores_q8_vnni(R, G, &c, scale, scores, &vmax);
    } else if (R == 8 && G == 8 && type == FC_TYPE_F16 && d % 32 == 0 && d <= TK_MAX_DIM) {
        vectors = scores_f16_transposed(&c, scale, scores, &vmax);
    } else {
        const __m512 vscale = _mm512_set1_ps(scale);
        for (int64_t i = 0; i < vectors; i++) {
            __m512 s = _mm512_mul_ps(vscale, score_vector(R, G, type, &c, i * keys));
            const int64_t valid = n - i * keys;
            if (valid < keys)
                s = _mm512_mask_mov_ps(_mm512_set1_ps(-INFINITY), (__mmask16)((1u << (valid * R)) - 1), s);
            _mm512_storeu_ps(scores + 16 * i, s);
            vmax = _mm512_max_ps(vmax, s);
        }
    }
    float corr[16];
    softmax_vectors(R, rows, scores, vectors, vmax, state, corr);

    /* acc = acc * corr + p V, in blocks of CP x 16 dims (R x CP accumulators) */
    const int CP = R == 8 ? 2 : 4;
    int64_t c0 = 0;
    for (; (c0 + CP) * 16 <= d; c0 += CP)
        accumulate_block(R, G, CP, type, 0, &c, rows, scores, c0, c0 == 0 && c.pf_step, corr, acc);
    if (c0 * 16 < d) accumulate_block(R, G, CP, type, 1, &c, rows, scores, c0, c0 == 0 && c.pf_step, corr, acc);
}

/* ---- update_heads: multi-head decode, position by position ----------------------------------------
 * With one query row per kv head, decode does one multiply-add per K/V element: memory is the limit, and
 * one core reaches it only with streams the hardware prefetchers follow. update_raw reads the rows of 8
 * heads from every position of a tile (2 KiB of each 8 KiB position at 32 heads x 128), then the next 8:
 * strided reads that lean on software prefetches, of which one core keeps too few in flight (55-65% of
 * the read probe measured). Here every position is read whole and in address order: scores for 16 heads
 * at a time (one dot product per head, reduced by the transposing tree of update_raw, so lane i is head
 * h0 + i), the online softmax per head with heads in the lanes, then the V pass four positions at a time
 * (four sequential streams), with the accumulators in L1 loaded and stored once per four positions.
 * Q8_0 rows apply their scale once per block of 32 (to the block's partial dot product, or folded into
 * the probability), not once per 16 values as load16 does: widening int8 is already ~3 operations per
 * 16 values, and per-16 scaling made this pass compute-bound (15 GB/s on one core, 20 without). */
enum { HEADS_AHEAD = 2 }; /* positions the score pass prefetches ahead */

/* q . k for one Q8_0 row: each block's products summed unscaled, then one multiply-add by its scale (load16
 * would scale every 16 values). */
static inline __m512 dot_q8_0(const float *q, const block_q8_0 *row, int64_t blocks) {
    __m512 s = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; b++) {
        const __m512 t = _mm512_fmadd_ps(_mm512_loadu_ps(q + 32 * b + 16), widen_q8(row[b].qs + 16),
                                         _mm512_mul_ps(_mm512_loadu_ps(q + 32 * b), widen_q8(row[b].qs)));
        s = _mm512_fmadd_ps(t, _mm512_set1_ps(_cvtsh_ss(row[b].d)), s);
    }
    return s;
}

/* acc += sum_u p[u] v_u for four Q8_0 rows (rows[u] = row + u * stride): the scale folds into p once per block. */
static inline void accumulate4_q8_0(const char *row, int64_t stride, const float *p, int64_t blocks, float *acc) {
    for (int64_t b = 0; b < blocks; b++) {
        const block_q8_0 *v[4];
        __m512 w[4];
        for (int u = 0; u < 4; u++) {
            v[u] = (const block_q8_0 *)(row + u * stride) + b;
            w[u] = _mm512_set1_ps(p[u] * _cvtsh_ss(v[u]->d));
        }
        for (int half = 0; half < 2; half++) {
            float *a = acc + 32 * b + 16 * half;
            __m512 x = _mm512_loadu_ps(a);
            for (int u = 0; u < 4; u++) x = _mm512_fmadd_ps(w[u], widen_q8(v[u]->qs + 16 * half), x);
            _mm512_storeu_ps(a, x);
        }
    }
}

ROWS_INLINE void update_heads_typed(int32_t type, int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n,
                                    int64_t d, fc_attn_row_state *state, float *acc, float *scores) {
    const int64_t full = d / 16, blocks = (heads + 15) / 16;
    const __mmask16 dmask = tail_mask(d % 16);
    for (int64_t j = 0; j < n; j++) { /* scores[j * heads + h] = q_h . k_jh */
        const char *pos = kv->k + j * kv->stride;
        /* ask for position j + AHEAD (past n: this tile's first V positions); out-of-order execution
         * alone keeps only ~2 KiB of a compute-interleaved stream in flight: ~20 GB/s on one core */
        const char *ahead = j + HEADS_AHEAD < n ? pos + HEADS_AHEAD * kv->stride : kv->v + (j + HEADS_AHEAD - n) * kv->stride;
        for (int64_t b = 0; b < blocks; b++) {
            prefetch_span(ahead + 16 * b * kv->kv_step, (heads - 16 * b < 16 ? heads - 16 * b : 16) * kv->kv_step);
            __m512 a[16];
            for (int i = 0; i < 16; i++) { /* lanes past the last head repeat it (stored masked) */
                const int64_t h = 16 * b + i < heads ? 16 * b + i : heads - 1;
                const char *row = pos + h * kv->kv_step;
                const float *qh = q + h * d;
                if (type == FC_TYPE_Q8_0) { /* head_dim % 32 == 0 */
                    a[i] = dot_q8_0(qh, (const block_q8_0 *)row, d / QK8_0);
                    continue;
                }
                __m512 s = _mm512_setzero_ps();
                for (int64_t c = 0; c < full; c++) s = _mm512_fmadd_ps(_mm512_loadu_ps(qh + 16 * c), load16(type, row, c, 0, 0), s);
                if (dmask)
                    s = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(dmask, qh + 16 * full), load16(type, row, full, 1, dmask), s);
                a[i] = s;
            }
            _mm512_mask_storeu_ps(scores + j * heads + 16 * b, tail_mask(heads - 16 * b), reduce16(a));
        }
    }

    for (int64_t b = 0; b < blocks; b++) { /* online softmax, 16 heads in the lanes */
        const int64_t h0 = 16 * b, live = heads - h0 < 16 ? heads - h0 : 16;
        const __mmask16 m = tail_mask(live);
        float old_max[16], old_sum[16], new_max[16], corr[16], tile_sum[16];
        for (int i = 0; i < 16; i++) {
            const int64_t h = i < live ? h0 + i : heads - 1;
            old_max[i] = state[h].max;
            old_sum[i] = state[h].sum;
        }
        __m512 vmax = _mm512_loadu_ps(old_max);
        for (int64_t j = 0; j < n; j++)
            vmax = _mm512_max_ps(vmax, _mm512_mask_loadu_ps(_mm512_set1_ps(-INFINITY), m, scores + j * heads + h0));
        const __m512 vcorr = exp_nonpositive(_mm512_sub_ps(_mm512_loadu_ps(old_max), vmax)); /* -inf old: 0 */
        __m512 vsum = _mm512_setzero_ps();
        for (int64_t j = 0; j < n; j++) {
            const __m512 p = _mm512_maskz_mov_ps(m, exp_nonpositive(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, scores + j * heads + h0), vmax)));
            _mm512_mask_storeu_ps(scores + j * heads + h0, m, p);
            vsum = _mm512_add_ps(vsum, p);
        }
        _mm512_storeu_ps(new_max, vmax);
        _mm512_storeu_ps(corr, vcorr);
        _mm512_storeu_ps(tile_sum, vsum);
        for (int i = 0; i < live; i++) {
            state[h0 + i].sum = old_sum[i] * corr[i] + tile_sum[i];
            state[h0 + i].max = new_max[i];
            float *ah = acc + (h0 + i) * d; /* rescale now: the V pass only adds */
            const __m512 c = _mm512_set1_ps(corr[i]);
            for (int64_t k = 0; k < d; k += 16) {
                const __mmask16 km = tail_mask(d - k);
                _mm512_mask_storeu_ps(ah + k, km, _mm512_mul_ps(c, _mm512_maskz_loadu_ps(km, ah + k)));
            }
        }
    }

    int64_t j = 0; /* acc_h += sum_j p_jh v_jh, four positions per load/store of the accumulators */
    for (; j + 4 <= n; j += 4) {
        const char *v0 = kv->v + j * kv->stride;
        /* the next four positions (past n: the next tile's K, which follows in the next call) */
        const char *ahead = j + 4 + 4 <= n ? v0 + 4 * kv->stride : kv->k + n * kv->stride + (j + 4 - (n & ~(int64_t)3)) * kv->stride;
        for (int64_t h = 0; h < heads; h++) {
            const char *row = v0 + h * kv->kv_step;
            for (int u = 0; u < 4; u++) prefetch_span(ahead + u * kv->stride + h * kv->kv_step, kv->kv_step);
            if (type == FC_TYPE_Q8_0) {
                const float p[4] = {scores[j * heads + h], scores[(j + 1) * heads + h], scores[(j + 2) * heads + h],
                                    scores[(j + 3) * heads + h]};
                accumulate4_q8_0(row, kv->stride, p, d / QK8_0, acc + h * d);
                continue;
            }
            const __m512 p0 = _mm512_set1_ps(scores[j * heads + h]), p1 = _mm512_set1_ps(scores[(j + 1) * heads + h]);
            const __m512 p2 = _mm512_set1_ps(scores[(j + 2) * heads + h]), p3 = _mm512_set1_ps(scores[(j + 3) * heads + h]);
            float *ah = acc + h * d;
            for (int64_t c = 0; c <= full; c++) {
                const int masked = c == full;
                if (masked && !dmask) break;
                const __mmask16 cm = masked ? dmask : (__mmask16)0xffff;
                __m512 a = _mm512_maskz_loadu_ps(cm, ah + 16 * c);
                a = _mm512_fmadd_ps(p0, load16(type, row, c, masked, cm), a);
                a = _mm512_fmadd_ps(p1, load16(type, row + kv->stride, c, masked, cm), a);
                a = _mm512_fmadd_ps(p2, load16(type, row + 2 * kv->stride, c, masked, cm), a);
                a = _mm512_fmadd_ps(p3, load16(type, row + 3 * kv->stride, c, masked, cm), a);
                _mm512_mask_storeu_ps(ah + 16 * c, cm, a);
            }
        }
    }
    for (; j < n; j++) {
        const char *v0 = kv->v + j * kv->stride;
        for (int64_t h = 0; h < heads; h++) {
            const char *row = v0 + h * kv->kv_step;
            const __m512 p = _mm512_set1_ps(scores[j * heads + h]);
            float *ah = acc + h * d;
            for (int64_t c = 0; c * 16 < d; c++) {
                const int masked = c == full;
                const __mmask16 cm = masked ? dmask : (__mmask16)0xffff;
                _mm512_mask_storeu_ps(ah + 16 * c, cm,
                                      _mm512_fmadd_ps(p, load16(type, row, c, masked, cm), _mm512_maskz_loadu_ps(cm, ah + 16 * c)));
            }
        }
    }
}

static void update_heads(int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n, int64_t d,
                         fc_attn_row_state *state, float *acc, float *scores) {
    if (kv->type == FC_TYPE_F16)
        update_heads_typed(FC_TYPE_F16, heads, q, kv, n, d, state, acc, scores);
    else if (kv->type == FC_TYPE_Q8_0)
        update_heads_typed(FC_TYPE_Q8_0, heads, q, kv, n, d, state, acc, scores);
    else
        update_heads_typed(FC_TYPE_F32, heads, q, kv, n, d, state, acc, scores);
}

/* One function per (R, G), each with the three cache types inlined. */
#define RAW_KERNEL(R, G)                                                                                        \
    static void update_raw_##R##_##G(int rows, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,     \
                                     int64_t d, float scale, fc_attn_row_state *state, float *acc,             \
                                     float *scores) {                                                          \
        if (kv->type == FC_TYPE_F16)                                                                            \
            update_raw_rows(R, G, FC_TYPE_F16, rows, q, kv, n, d, scale, state, acc, scores);                   \
        else if (kv->type == FC_TYPE_Q8_0)                                                                      \
            update_raw_rows(R, G, FC_TYPE_Q8_0, rows, q, kv, n, d, scale, state, acc, scores);                  \
        else                                                                                                    \
            update_raw_rows(R, G, FC_TYPE_F32, rows, q, kv, n, d, scale, state, acc, scores);                   \
    }
RAW_KERNEL(1, 1)
RAW_KERNEL(2, 2)
RAW_KERNEL(4, 4)
RAW_KERNEL(8, 8)
RAW_KERNEL(8, 4)
RAW_KERNEL(8, 2)
RAW_KERNEL(8, 1)

static void update_raw(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
                       int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    typedef void (*kernel)(int, const float *const *, const fc_attn_raw_kv *, int64_t, int64_t, float,
                           fc_attn_row_state *, float *, float *);
    kernel f;
    if (rows_per_kv < rows) /* several kv heads: 8 rows, or fewer for the last heads (padded) */
        f = rows_per_kv == 4 ? update_raw_8_4 : rows_per_kv == 2 ? update_raw_8_2 : update_raw_8_1;
    else
        f = rows <= 1 ? update_raw_1_1 : rows == 2 ? update_raw_2_2 : rows <= 4 ? update_raw_4_4 : update_raw_8_8;
    f(rows, q, kv, n, d, scale, state, acc, scores);
}

const fc_attn_kernels fc_attn_kernels_avx512 = {4, f16_to_f32, q8_0_to_f32, update, update_raw, update_heads};
