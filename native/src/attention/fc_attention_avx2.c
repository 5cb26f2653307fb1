/*
 * AVX2 attention kernels (with FMA and F16C): the same structure as the AVX-512 file (one or two query
 * rows sharing K/V loads) with 8-lane vectors; row tails use vmaskmovps, F16 tails the exact scalar conversion.
 * Prefill runs these over converted tiles; decode reads the cache directly (fc_attention_raw_avx2.c).
 */
#include "attention/fc_attention_avx2.h"

static inline __m256i tail_mask(int64_t remaining) { return fc_tail_mask256(remaining >= 8 ? 8 : remaining); }

static void f16_to_f32(const fc_fp16 *src, float *dst, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++) dst[i] = fc_fp16_to_fp32(src[i]);
}

static void q8_0_to_f32(const block_q8_0 *src, float *dst, int64_t n) {
    for (int64_t b = 0; b < n / QK8_0; b++, dst += QK8_0) {
        const __m256 d = _mm256_set1_ps(_cvtsh_ss(src[b].d));
        for (int i = 0; i < QK8_0; i += 8) {
            const __m128i q = _mm_loadl_epi64((const __m128i *)(src[b].qs + i));
            _mm256_storeu_ps(dst + i, _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q))));
        }
    }
}

/* [sum(a0), sum(a1), sum(a2), sum(a3)]. */
static inline __m128 reduce4(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
    const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
    return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

/* ROWS_INLINE (fc_attention_avx2.h): `rows` is constant after inlining; two rows (8 accumulators) fit 16
 * registers. */

/* scores[r * n + j] = scale * q_r . k_j, four keys at a time. */
ROWS_INLINE void scores_of(int rows, const float *const *q, const float *k, int64_t stride, int64_t n, int64_t d,
                           float scale, float *scores) {
    const int64_t full = d / 8 * 8;
    const __m256i tail = tail_mask(d - full);
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *k0 = k + j * stride, *k1 = k0 + stride, *k2 = k1 + stride, *k3 = k2 + stride;
        __m256 a[2][4];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < 4; c++) a[r][c] = _mm256_setzero_ps();
        for (int64_t i = 0; i < full; i += 8) {
            const __m256 x0 = _mm256_loadu_ps(k0 + i), x1 = _mm256_loadu_ps(k1 + i);
            const __m256 x2 = _mm256_loadu_ps(k2 + i), x3 = _mm256_loadu_ps(k3 + i);
            for (int r = 0; r < rows; r++) {
                const __m256 qv = _mm256_loadu_ps(q[r] + i);
                a[r][0] = _mm256_fmadd_ps(qv, x0, a[r][0]);
                a[r][1] = _mm256_fmadd_ps(qv, x1, a[r][1]);
                a[r][2] = _mm256_fmadd_ps(qv, x2, a[r][2]);
                a[r][3] = _mm256_fmadd_ps(qv, x3, a[r][3]);
            }
        }
        if (full < d) {
            const __m256 x0 = _mm256_maskload_ps(k0 + full, tail), x1 = _mm256_maskload_ps(k1 + full, tail);
            const __m256 x2 = _mm256_maskload_ps(k2 + full, tail), x3 = _mm256_maskload_ps(k3 + full, tail);
            for (int r = 0; r < rows; r++) {
                const __m256 qv = _mm256_maskload_ps(q[r] + full, tail);
                a[r][0] = _mm256_fmadd_ps(qv, x0, a[r][0]);
                a[r][1] = _mm256_fmadd_ps(qv, x1, a[r][1]);
                a[r][2] = _mm256_fmadd_ps(qv, x2, a[r][2]);
                a[r][3] = _mm256_fmadd_ps(qv, x3, a[r][3]);
            }
        }
        for (int r = 0; r < rows; r++)
            _mm_storeu_ps(scores + r * n + j, _mm_mul_ps(_mm_set1_ps(scale), reduce4(a[r][0], a[r][1], a[r][2], a[r][3])));
    }
    for (; j < n; j++) {
        const float *kj = k + j * stride;
        for (int r = 0; r < rows; r++) {
            __m256 a = _mm256_setzero_ps();
            for (int64_t i = 0; i < d; i += 8) {
                const __m256i m = tail_mask(d - i);
                a = _mm256_fmadd_ps(_mm256_maskload_ps(q[r] + i, m), _mm256_maskload_ps(kj + i, m), a);
            }
            scores[r * n + j] = scale * fc_hsum256(a);
        }
    }
}

/* Turns one row's scores into p_j = exp(s_j - new max) and returns the factor that rescales its old state. */
static float softmax_step(float *s, int64_t n, fc_attn_row_state *state) {
    const __m256 neg_inf = _mm256_set1_ps(-INFINITY);
    __m256 vmax = neg_inf;
    for (int64_t j = 0; j < n; j += 8) {
        const __m256i m = tail_mask(n - j);
        vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(neg_inf, _mm256_maskload_ps(s + j, m), _mm256_castsi256_ps(m)));
    }
    const float tile_max = fc_hmax256(vmax);
    const float new_max = tile_max > state->max ? tile_max : state->max;
    const float correction = state->max == -INFINITY ? 0.0f : expf(state->max - new_max);
    __m256 sum = _mm256_setzero_ps();
    const __m256 shift = _mm256_set1_ps(new_max);
    for (int64_t j = 0; j < n; j += 8) {
        const __m256i m = tail_mask(n - j);
        const __m256 p = _mm256_and_ps(fc_exp256(_mm256_sub_ps(_mm256_maskload_ps(s + j, m), shift)), _mm256_castsi256_ps(m));
        _mm256_maskstore_ps(s + j, m, p);
        sum = _mm256_add_ps(sum, p);
    }
    state->sum = state->sum * correction + fc_hsum256(sum);
    state->max = new_max;
    return correction;
}

/* acc_r = acc_r * correction_r + sum_j p_rj v_j, four value rows per pass over the accumulators. */
ROWS_INLINE void accumulate(int rows, const float *p, const float *v, int64_t stride, int64_t n, int64_t d,
                            const float *correction, float *acc) {
    for (int r = 0; r < rows; r++) {
        if (correction[r] == 1.0f) continue;
        const __m256 c = _mm256_set1_ps(correction[r]);
        for (int64_t i = 0; i < d; i += 8) {
            const __m256i m = tail_mask(d - i);
            _mm256_maskstore_ps(acc + r * d + i, m, _mm256_mul_ps(c, _mm256_maskload_ps(acc + r * d + i, m)));
        }
    }
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *v0 = v + j * stride, *v1 = v0 + stride, *v2 = v1 + stride, *v3 = v2 + stride;
        __m256 w[2][4];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < 4; c++) w[r][c] = _mm256_set1_ps(p[r * n + j + c]);
        for (int64_t i = 0; i < d; i += 8) {
            const __m256i m = tail_mask(d - i);
            const __m256 x0 = _mm256_maskload_ps(v0 + i, m), x1 = _mm256_maskload_ps(v1 + i, m);
            const __m256 x2 = _mm256_maskload_ps(v2 + i, m), x3 = _mm256_maskload_ps(v3 + i, m);
            for (int r = 0; r < rows; r++) {
                __m256 a = _mm256_maskload_ps(acc + r * d + i, m);
                a = _mm256_fmadd_ps(w[r][0], x0, a);
                a = _mm256_fmadd_ps(w[r][1], x1, a);
                a = _mm256_fmadd_ps(w[r][2], x2, a);
                a = _mm256_fmadd_ps(w[r][3], x3, a);
                _mm256_maskstore_ps(acc + r * d + i, m, a);
            }
        }
    }
    for (; j < n; j++) {
        const float *vj = v + j * stride;
        for (int64_t i = 0; i < d; i += 8) {
            const __m256i m = tail_mask(d - i);
            const __m256 x = _mm256_maskload_ps(vj + i, m);
            for (int r = 0; r < rows; r++) {
                const __m256 a = _mm256_maskload_ps(acc + r * d + i, m);
                _mm256_maskstore_ps(acc + r * d + i, m, _mm256_fmadd_ps(_mm256_set1_ps(p[r * n + j]), x, a));
            }
        }
    }
}

ROWS_INLINE void update_rows(int rows, const float *const *q, const float *k, const float *v, int64_t stride,
                             int64_t n, int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    scores_of(rows, q, k, stride, n, d, scale, scores);
    float correction[2];
    for (int r = 0; r < rows; r++) correction[r] = softmax_step(scores + r * n, n, &state[r]);
    accumulate(rows, scores, v, stride, n, d, correction, acc);
}

static void update(int rows, const float *const *q, const float *k, const float *v, int64_t stride, int64_t n,
                   int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    if (rows == 2)
        update_rows(2, q, k, v, stride, n, d, scale, state, acc, scores);
    else
        update_rows(1, q, k, v, stride, n, d, scale, state, acc, scores);
}

const fc_attn_kernels fc_attn_kernels_avx2 = {2, 4, f16_to_f32, q8_0_to_f32, update, fc_attn_update_raw_avx2,
                                              fc_attn_update_heads_avx2, NULL};
