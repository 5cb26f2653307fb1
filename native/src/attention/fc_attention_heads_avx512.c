/*
 * AVX-512 update_heads: multi-head decode (one query row per kv head), every cache position read whole and
 * in address order (see fc_attn_kernels.update_heads).
 */
#include "attention/fc_attention_avx512.h"

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
            __m512 a[16]; /* lanes past the last head repeat it (stored masked) */
            if (type == FC_TYPE_Q8_0) { /* head_dim % 32 == 0; head by head (block by block across heads: ~25% slower) */
                for (int i = 0; i < 16; i++) {
                    const int64_t h = 16 * b + i < heads ? 16 * b + i : heads - 1;
                    a[i] = dot_q8_0(q + h * d, (const block_q8_0 *)(pos + h * kv->kv_step), d / QK8_0);
                }
            } else { /* chunk by chunk across the 16 heads: independent FMA chains side by side, not one head's
                      * dependent chain after another (F16 ~9% faster from L3) */
                const char *row[16];
                const float *qh[16];
                for (int i = 0; i < 16; i++) {
                    const int64_t h = 16 * b + i < heads ? 16 * b + i : heads - 1;
                    row[i] = pos + h * kv->kv_step;
                    qh[i] = q + h * d;
                    a[i] = _mm512_setzero_ps();
                }
                for (int64_t c = 0; c < full; c++)
                    for (int i = 0; i < 16; i++)
                        a[i] = _mm512_fmadd_ps(_mm512_loadu_ps(qh[i] + 16 * c), load16(type, row[i], c, 0, 0), a[i]);
                for (int i = 0; dmask && i < 16; i++)
                    a[i] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(dmask, qh[i] + 16 * full),
                                           load16(type, row[i], full, 1, dmask), a[i]);
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

/* The entry point, over one function per cache type (see FC_ATTN_HEADS_KERNELS). */
FC_ATTN_HEADS_KERNELS(fc_attn_update_heads_avx512)
