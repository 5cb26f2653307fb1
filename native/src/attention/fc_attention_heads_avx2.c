/*
 * AVX2 update_heads: multi-head decode (one query row per kv head), every cache position read whole and in
 * address order (see fc_attn_kernels.update_heads): the AVX-512 kernel (fc_attention_heads_avx512.c) with 8
 * heads per score vector. update_raw would read 8 heads' rows of each position, then the next 8: strided
 * reads that one core's prefetches cover poorly (on AVX-512 that measured 55-65% of the read probe; AVX2's
 * converted tiles, before this kernel, about half).
 * Scores for 8 heads at a time (one dot product per head, reduced by reduce8: lane i is head h0 + i), the
 * online softmax with heads in the lanes, then the V pass four positions at a time (four sequential
 * streams), the accumulators in L1 loaded and stored once per four positions. Q8_0 rows apply their scale
 * once per block of 32: to the block's partial dot product, or folded into the probability.
 */
#include "attention/fc_attention_avx2.h"

enum { HEADS_AHEAD = 2 }; /* positions the score pass prefetches ahead */

/* The mask of lanes [0, count) (count clamped to 8). */
static inline __m256i lanes(int64_t count) { return fc_tail_mask256(count < 8 ? count : 8); }

/* q . k for one Q8_0 row: each block's products summed unscaled, then one multiply-add by its scale. */
static inline __m256 dot_q8_0(const float *q, const block_q8_0 *row, int64_t blocks) {
    __m256 s = _mm256_setzero_ps();
    for (int64_t b = 0; b < blocks; b++) {
        __m256 t = _mm256_setzero_ps();
        for (int c = 0; c < 4; c++)
            t = _mm256_fmadd_ps(_mm256_loadu_ps(q + 32 * b + 8 * c), widen8(row[b].qs + 8 * c), t);
        s = _mm256_fmadd_ps(t, _mm256_set1_ps(_cvtsh_ss(row[b].d)), s);
    }
    return s;
}

/* acc += sum_u p[u] v_u for four Q8_0 rows (rows[u] = row + u * stride): the scale folds into p once per block. */
static inline void accumulate4_q8_0(const char *row, int64_t stride, const float *p, int64_t blocks, float *acc) {
    for (int64_t b = 0; b < blocks; b++) {
        const block_q8_0 *v[4];
        __m256 w[4];
        for (int u = 0; u < 4; u++) {
            v[u] = (const block_q8_0 *)(row + u * stride) + b;
            w[u] = _mm256_set1_ps(p[u] * _cvtsh_ss(v[u]->d));
        }
        for (int c = 0; c < 4; c++) {
            float *a = acc + 32 * b + 8 * c;
            __m256 x = _mm256_loadu_ps(a);
            for (int u = 0; u < 4; u++) x = _mm256_fmadd_ps(w[u], widen8(v[u]->qs + 8 * c), x);
            _mm256_storeu_ps(a, x);
        }
    }
}

/* Scores of positions 0..n-1 for every head: scores[j * heads + h] = q_h . k_jh. */
ROWS_INLINE void head_scores(int32_t type, int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n,
                             int64_t d, float *scores) {
    const int64_t full = d / 8, blocks = (heads + 7) / 8;
    for (int64_t j = 0; j < n; j++) {
        const char *pos = kv->k + j * kv->stride;
        /* ask for position j + AHEAD (past n: this tile's first V positions) */
        const char *ahead =
            j + HEADS_AHEAD < n ? pos + HEADS_AHEAD * kv->stride : kv->v + (j + HEADS_AHEAD - n) * kv->stride;
        for (int64_t b = 0; b < blocks; b++) {
            prefetch_span(ahead + 8 * b * kv->kv_step, (heads - 8 * b < 8 ? heads - 8 * b : 8) * kv->kv_step);
            __m256 a[8]; /* lanes past the last head repeat it (stored masked) */
            if (type == FC_TYPE_Q8_0) { /* head_dim % 32 == 0; head by head (as in the AVX-512 file) */
                for (int i = 0; i < 8; i++) {
                    const int64_t h = 8 * b + i < heads ? 8 * b + i : heads - 1;
                    a[i] = dot_q8_0(q + h * d, (const block_q8_0 *)(pos + h * kv->kv_step), d / QK8_0);
                }
            } else { /* chunk by chunk across the 8 heads: 8 independent FMA chains, not one head's 16 dependent
                      * FMAs after another (F16 ~13% faster from L3) */
                const char *row[8];
                const float *qh[8];
                for (int i = 0; i < 8; i++) {
                    const int64_t h = 8 * b + i < heads ? 8 * b + i : heads - 1;
                    row[i] = pos + h * kv->kv_step;
                    qh[i] = q + h * d;
                    a[i] = _mm256_setzero_ps();
                }
                for (int64_t c = 0; c < full; c++)
                    for (int i = 0; i < 8; i++)
                        a[i] = _mm256_fmadd_ps(_mm256_loadu_ps(qh[i] + 8 * c), load8(type, row[i], c, 8), a[i]);
                if (d % 8) {
                    const int count = (int)(d % 8);
                    for (int i = 0; i < 8; i++) {
                        const __m256 qt = _mm256_maskload_ps(qh[i] + 8 * full, fc_tail_mask256(count));
                        a[i] = _mm256_fmadd_ps(qt, load8(type, row[i], full, count), a[i]);
                    }
                }
            }
            _mm256_maskstore_ps(scores + j * heads + 8 * b, lanes(heads - 8 * b), reduce8(a));
        }
    }
}

/* The online-softmax step with 8 heads in the lanes: p = exp(s - new max) in place, the states updated and
 * each head's accumulator rescaled now (the V pass only adds). */
static void head_softmax(int64_t heads, int64_t n, int64_t d, fc_attn_row_state *state, float *acc, float *scores) {
    for (int64_t h0 = 0; h0 < heads; h0 += 8) {
        const int64_t live = heads - h0 < 8 ? heads - h0 : 8;
        const __m256i m = lanes(live);
        float old_max[8], old_sum[8], new_max[8], corr[8], tile_sum[8];
        for (int i = 0; i < 8; i++) {
            const int64_t h = i < live ? h0 + i : heads - 1;
            old_max[i] = state[h].max;
            old_sum[i] = state[h].sum;
        }
        __m256 vmax = _mm256_loadu_ps(old_max);
        const __m256 minus_inf = _mm256_set1_ps(-INFINITY);
        for (int64_t j = 0; j < n; j++) /* lanes past the heads read as -inf: the old max of the last head */
            vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(minus_inf, _mm256_maskload_ps(scores + j * heads + h0, m),
                                                        _mm256_castsi256_ps(m)));
        const __m256 vcorr = fc_exp256(_mm256_sub_ps(_mm256_loadu_ps(old_max), vmax)); /* -inf old: 0 */
        __m256 vsum = _mm256_setzero_ps();
        for (int64_t j = 0; j < n; j++) {
            const __m256 s = _mm256_maskload_ps(scores + j * heads + h0, m);
            const __m256 p = _mm256_and_ps(fc_exp256(_mm256_sub_ps(s, vmax)), _mm256_castsi256_ps(m));
            _mm256_maskstore_ps(scores + j * heads + h0, m, p);
            vsum = _mm256_add_ps(vsum, p);
        }
        _mm256_storeu_ps(new_max, vmax);
        _mm256_storeu_ps(corr, vcorr);
        _mm256_storeu_ps(tile_sum, vsum);
        for (int i = 0; i < live; i++) {
            state[h0 + i].sum = old_sum[i] * corr[i] + tile_sum[i];
            state[h0 + i].max = new_max[i];
            float *ah = acc + (h0 + i) * d;
            const __m256 c = _mm256_set1_ps(corr[i]);
            for (int64_t k = 0; k < d; k += 8) {
                const __m256i km = lanes(d - k);
                _mm256_maskstore_ps(ah + k, km, _mm256_mul_ps(c, _mm256_maskload_ps(ah + k, km)));
            }
        }
    }
}

/* acc_h += sum_j p_jh v_jh over positions 0..n-1, four positions per load/store of the accumulators. */
ROWS_INLINE void head_values(int32_t type, int64_t heads, const fc_attn_raw_kv *kv, int64_t n, int64_t d,
                             const float *scores, float *acc) {
    const int64_t full = d / 8;
    const int tail = (int)(d % 8);
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const char *v0 = kv->v + j * kv->stride;
        /* the next four positions (past n: the next tile's K, which follows in the next call) */
        const char *ahead = j + 4 + 4 <= n ? v0 + 4 * kv->stride
                                           : kv->k + n * kv->stride + (j + 4 - (n & ~(int64_t)3)) * kv->stride;
        for (int64_t h = 0; h < heads; h++) {
            const char *row = v0 + h * kv->kv_step;
            for (int u = 0; u < 4; u++) prefetch_span(ahead + u * kv->stride + h * kv->kv_step, kv->kv_step);
            const float p[4] = {scores[j * heads + h], scores[(j + 1) * heads + h], scores[(j + 2) * heads + h],
                                scores[(j + 3) * heads + h]};
            if (type == FC_TYPE_Q8_0) {
                accumulate4_q8_0(row, kv->stride, p, d / QK8_0, acc + h * d);
                continue;
            }
            float *ah = acc + h * d;
            for (int64_t c = 0; c < full; c++) {
                __m256 a = _mm256_loadu_ps(ah + 8 * c);
                for (int u = 0; u < 4; u++)
                    a = _mm256_fmadd_ps(_mm256_set1_ps(p[u]), load8(type, row + u * kv->stride, c, 8), a);
                _mm256_storeu_ps(ah + 8 * c, a);
            }
            if (tail) {
                const __m256i tm = fc_tail_mask256(tail);
                __m256 a = _mm256_maskload_ps(ah + 8 * full, tm);
                for (int u = 0; u < 4; u++)
                    a = _mm256_fmadd_ps(_mm256_set1_ps(p[u]), load8(type, row + u * kv->stride, full, tail), a);
                _mm256_maskstore_ps(ah + 8 * full, tm, a);
            }
        }
    }
    for (; j < n; j++) {
        const char *v0 = kv->v + j * kv->stride;
        for (int64_t h = 0; h < heads; h++) {
            const char *row = v0 + h * kv->kv_step;
            const __m256 p = _mm256_set1_ps(scores[j * heads + h]);
            float *ah = acc + h * d;
            for (int64_t c = 0; 8 * c < d; c++) {
                const int count = d - 8 * c >= 8 ? 8 : (int)(d - 8 * c);
                const __m256i cm = fc_tail_mask256(count);
                const __m256 a = _mm256_maskload_ps(ah + 8 * c, cm);
                _mm256_maskstore_ps(ah + 8 * c, cm, _mm256_fmadd_ps(p, load8(type, row, c, count), a));
            }
        }
    }
}

ROWS_INLINE void update_heads_typed(int32_t type, int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n,
                                    int64_t d, fc_attn_row_state *state, float *acc, float *scores) {
    head_scores(type, heads, q, kv, n, d, scores);
    head_softmax(heads, n, d, state, acc, scores);
    head_values(type, heads, kv, n, d, scores, acc);
}

/* The entry point, over one function per cache type (see FC_ATTN_HEADS_KERNELS). */
FC_ATTN_HEADS_KERNELS(fc_attn_update_heads_avx2)
