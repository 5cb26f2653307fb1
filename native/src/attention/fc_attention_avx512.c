/*
 * AVX-512 attention kernels for converted tiles (prefill): F16C / int8 widening of K/V rows and the
 * online-softmax update for one to four query rows. The rows share every K and V load; scores are computed
 * four keys at a time (one transposing reduction per four dot products) and the accumulators updated with
 * four value rows per pass (a quarter of the accumulator loads and stores). Decode reads the cache directly:
 * update_raw (fc_attention_raw_avx512.c) and update_heads (fc_attention_heads_avx512.c).
 */
#include "attention/fc_attention_avx512.h"

static void f16_to_f32(const fc_fp16 *src, float *dst, int64_t n) {
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail_mask(n - i);
        _mm512_mask_storeu_ps(dst + i, m, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, src + i)));
    }
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

const fc_attn_kernels fc_attn_kernels_avx512 = {4, 8, f16_to_f32, q8_0_to_f32, update, fc_attn_update_raw_avx512,
                                                fc_attn_update_heads_avx512, fc_attn_round_q8_avx512};
