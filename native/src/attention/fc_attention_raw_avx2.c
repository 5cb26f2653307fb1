/*
 * AVX2 update_raw: decode for up to 8 query rows read straight from the F32/F16/Q8_0 cache (see
 * fc_attn_kernels.update_raw), the AVX-512 kernel's plan (fc_attention_raw_avx512.c) in 8-lane vectors and
 * 16 registers. Without it, AVX2 decode converted each K/V tile to f32 first and ran two rows per pass over
 * the converted tiles: 2-3x the AVX-512 time on the same core.
 *
 * Rows are padded to R = 1, 2, 4 or 8 so that a score vector holds 8 / R keys x R rows: lane l is key
 * l / R, row l % R, the layout the softmax and the V pass read. Eight dot products are accumulated in 8
 * registers (8 dims per lane) and reduced to one vector by hadd and a half swap. The rows of one call may
 * belong to R / G kv heads (G rows each), so every call fills all 8 lanes. The V pass keeps R x CP = 8
 * accumulators (CP chunks of 8 dims) in registers over all keys of the call. K and V rows are converted to
 * f32 as they are loaded, once for the G rows that share them.
 */
#include "attention/fc_attention_avx2.h"

/* What one update_raw call works on. Row r reads the K/V row at (position) + kv_off[r / G]. */
typedef struct {
    const float *q[8]; /* padded to R rows */
    int64_t kv_off[8]; /* byte offset of each kv head's row within a position */
    const char *k, *v;
    int64_t stride, n, d;
    const char *pf_k, *pf_v; /* key j prefetches [pf + j * pf_step, + pf_step) (pf_step 0: none) */
    int64_t pf_step;
} raw_call;

/* q . k for keys j .. j + 8/R - 1 (clamped to n - 1) and R rows, unscaled, in the lane layout above. */
ROWS_INLINE __m256 score_vector(int R, int G, int32_t type, const raw_call *c, int64_t j) {
    const int keys = 8 / R, heads = R / G;
    const int64_t d = c->d;
    const char *row[8];
    for (int u = 0; u < keys; u++) {
        row[u] = c->k + (j + u < c->n ? j + u : c->n - 1) * c->stride;
        if (c->pf_step && j + u < c->n) prefetch_span(c->pf_k + (j + u) * c->pf_step, c->pf_step);
    }
    __m256 a[8];
    for (int i = 0; i < 8; i++) a[i] = _mm256_setzero_ps();
    for (int64_t ch = 0; ch < d / 8; ch++)
        for (int u = 0; u < keys; u++)
            for (int h = 0; h < heads; h++) {
                const __m256 x = load8(type, row[u] + c->kv_off[h], ch, 8);
                for (int g = 0; g < G; g++) {
                    const int r = h * G + g;
                    a[u * R + r] = _mm256_fmadd_ps(_mm256_loadu_ps(c->q[r] + 8 * ch), x, a[u * R + r]);
                }
            }
    if (d % 8) { /* the rows' last d % 8 elements */
        const int64_t ch = d / 8;
        const int count = (int)(d % 8);
        for (int u = 0; u < keys; u++)
            for (int h = 0; h < heads; h++) {
                const __m256 x = load8(type, row[u] + c->kv_off[h], ch, count);
                for (int g = 0; g < G; g++) {
                    const int r = h * G + g;
                    const __m256 qt = _mm256_maskload_ps(c->q[r] + 8 * ch, fc_tail_mask256(count));
                    a[u * R + r] = _mm256_fmadd_ps(qt, x, a[u * R + r]);
                }
            }
    }
    return reduce8(a);
}

/* Every lane gets the max (or sum) over the lanes of its row (lanes equal mod R). */
ROWS_INLINE __m256 row_allreduce(int R, __m256 x, int is_max) {
    for (int s = 4; s >= R; s /= 2) {
        const __m256 y = s == 4 ? _mm256_permute2f128_ps(x, x, 0x01)
                         : s == 2 ? _mm256_permute_ps(x, 0x4e)
                                  : _mm256_permute_ps(x, 0xb1);
        x = is_max ? _mm256_max_ps(x, y) : _mm256_add_ps(x, y);
    }
    return x;
}

/* Scores of all n keys, scaled, in vectors of 8 / R keys (keys past n as -inf); returns the number of
 * vectors and their running maximum per lane. */
ROWS_INLINE int64_t scores(int R, int G, int32_t type, const raw_call *c, float scale, float *out, __m256 *vmax) {
    const int keys = 8 / R;
    const int64_t n = c->n, vectors = (n + keys - 1) / keys;
    __m256 m = _mm256_set1_ps(-INFINITY);
    for (int64_t i = 0; i < vectors; i++) {
        __m256 s = _mm256_mul_ps(_mm256_set1_ps(scale), score_vector(R, G, type, c, i * keys));
        const int64_t valid = n - i * keys;
        if (valid < keys)
            s = _mm256_blendv_ps(_mm256_set1_ps(-INFINITY), s, _mm256_castsi256_ps(fc_tail_mask256(valid * R)));
        _mm256_storeu_ps(out + 8 * i, s);
        m = _mm256_max_ps(m, s);
    }
    *vmax = m;
    return vectors;
}

/* Online-softmax step over the score vectors: p = exp(s - new max) in place, the rows' max and sum
 * updated; corr[r] (lane r) receives the factor that rescales row r's accumulator. */
ROWS_INLINE void softmax_vectors(int R, int rows, float *s, int64_t vectors, __m256 vmax, fc_attn_row_state *state,
                                 float *corr) {
    float old_max[8], old_sum[8], tile_sum[8], new_max[8];
    for (int l = 0; l < 8; l++) {
        const int r = l % R < rows ? l % R : rows - 1;
        old_max[l] = state[r].max;
        old_sum[l] = state[r].sum;
    }
    const __m256 vmax_new = _mm256_max_ps(_mm256_loadu_ps(old_max), row_allreduce(R, vmax, 1));
    /* exp(-inf - max) = 0: the first tile discards the (zero) old state */
    _mm256_storeu_ps(corr, fc_exp256(_mm256_sub_ps(_mm256_loadu_ps(old_max), vmax_new)));
    __m256 vsum = _mm256_setzero_ps();
    for (int64_t i = 0; i < vectors; i++) {
        const __m256 p = fc_exp256(_mm256_sub_ps(_mm256_loadu_ps(s + 8 * i), vmax_new));
        _mm256_storeu_ps(s + 8 * i, p);
        vsum = _mm256_add_ps(vsum, p);
    }
    _mm256_storeu_ps(tile_sum, row_allreduce(R, vsum, 0));
    _mm256_storeu_ps(new_max, vmax_new);
    for (int r = 0; r < rows; r++) {
        state[r].sum = old_sum[r] * corr[r] + tile_sum[r];
        state[r].max = new_max[r];
    }
}

/* acc_r[dims 8 c0 .. 8 (c0 + CP)) = acc_r * corr_r + sum_j p_jr v_j over the call's keys, the R x CP
 * accumulators in registers. `masked` (a constant, as the counts must be for the key loop to keep its
 * accumulators in registers): the block runs past head_dim. Key j prefetches bytes [pf_off, pf_off + pf_len)
 * of its span of the caller's next tile (the blocks of one call share each span out). */
ROWS_INLINE void accumulate_block(int R, int G, int CP, int32_t type, int masked, const raw_call *c, int rows,
                                  const float *p, int64_t c0, int64_t pf_off, int64_t pf_len, const float *corr,
                                  float *acc) {
    const int64_t d = c->d, n = c->n;
    int count[8];
    for (int i = 0; i < CP; i++) {
        const int64_t left = d - 8 * (c0 + i);
        count[i] = !masked ? 8 : left <= 0 ? 0 : left >= 8 ? 8 : (int)left;
    }
    __m256 a[8][8];
    for (int r = 0; r < R; r++)
        for (int i = 0; i < CP; i++) {
            const float *old_acc = acc + r * d + 8 * (c0 + i);
            const __m256 old =
                r < rows && count[i] ? _mm256_maskload_ps(old_acc, fc_tail_mask256(count[i])) : _mm256_setzero_ps();
            a[r][i] = _mm256_mul_ps(_mm256_set1_ps(corr[r]), old);
        }
    const char *row = c->v, *pf = c->pf_v + pf_off;
    for (int64_t j = 0; j < n; j++, row += c->stride, pf += c->pf_step, p += R) {
        if (pf_len > 0) prefetch_span(pf, pf_len);
        for (int h = 0; h < R / G; h++)
            for (int i = 0; i < CP; i++) {
                if (!count[i]) continue;
                const __m256 x = load8(type, row + c->kv_off[h], c0 + i, count[i]);
                for (int g = 0; g < G; g++)
                    a[h * G + g][i] = _mm256_fmadd_ps(_mm256_set1_ps(p[h * G + g]), x, a[h * G + g][i]);
            }
    }
    for (int r = 0; r < R && r < rows; r++)
        for (int i = 0; i < CP; i++)
            if (count[i]) _mm256_maskstore_ps(acc + r * d + 8 * (c0 + i), fc_tail_mask256(count[i]), a[r][i]);
}

/* update_raw for R rows in groups of G per kv head (R / G kv heads), `rows` of them real. */
ROWS_INLINE void update_raw_rows(int R, int G, int32_t type, int rows, const float *const *q, const fc_attn_raw_kv *kv,
                                 int64_t n, int64_t d, float scale, fc_attn_row_state *state, float *acc,
                                 float *score_buf) {
    raw_call c = {.k = kv->k, .v = kv->v, .stride = kv->stride, .n = n, .d = d, .pf_k = kv->pf_k, .pf_v = kv->pf_v,
                  .pf_step = kv->pf_step};
    for (int r = 0; r < R; r++) c.q[r] = q[r < rows ? r : rows - 1]; /* padding rows repeat the last row */
    for (int h = 0; h < R / G; h++) c.kv_off[h] = (h * G < rows ? h : (rows - 1) / G) * kv->kv_step;

    __m256 vmax;
    const int64_t vectors = scores(R, G, type, &c, scale, score_buf, &vmax);
    float corr[8];
    softmax_vectors(R, rows, score_buf, vectors, vmax, state, corr);

    /* the V pass in blocks of 8 accumulators, the next tile's V asked for over the blocks */
    const int CP = 8 / R;
    const int64_t blocks = (d + 8 * CP - 1) / (8 * CP);
    const int64_t pf_parts = c.pf_step < 256 ? 1 : (blocks < c.pf_step / 128 ? blocks : c.pf_step / 128);
    for (int64_t b = 0; b < blocks; b++) {
        const int64_t lo = b < pf_parts ? c.pf_step * b / pf_parts : 0;
        const int64_t hi = b < pf_parts ? c.pf_step * (b + 1) / pf_parts : 0;
        if ((b + 1) * CP * 8 <= d)
            accumulate_block(R, G, CP, type, 0, &c, rows, score_buf, b * CP, lo, hi - lo, corr, acc);
        else
            accumulate_block(R, G, CP, type, 1, &c, rows, score_buf, b * CP, lo, hi - lo, corr, acc);
    }
}

/* One function per row shape this level dispatches to (see FC_ATTN_RAW_KERNEL). */
FC_ATTN_RAW_KERNEL(1, 1)
FC_ATTN_RAW_KERNEL(2, 2)
FC_ATTN_RAW_KERNEL(4, 4)
FC_ATTN_RAW_KERNEL(8, 8)
FC_ATTN_RAW_KERNEL(8, 4)
FC_ATTN_RAW_KERNEL(8, 2)
FC_ATTN_RAW_KERNEL(8, 1)
FC_ATTN_RAW_KERNEL(4, 2)

void fc_attn_update_raw_avx2(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
                             int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    typedef void (*kernel)(int, const float *const *, const fc_attn_raw_kv *, int64_t, int64_t, float,
                           fc_attn_row_state *, float *, float *);
    kernel f;
    if (rows_per_kv < rows) /* several kv heads: pairs of 2 in 4 rows (raw_rows), else 8 rows (padded) */
        f = rows_per_kv == 2 && rows <= 4 ? update_raw_4_2
            : rows_per_kv == 4           ? update_raw_8_4
            : rows_per_kv == 2           ? update_raw_8_2
                                         : update_raw_8_1;
    else
        f = rows <= 1 ? update_raw_1_1 : rows == 2 ? update_raw_2_2 : rows <= 4 ? update_raw_4_4 : update_raw_8_8;
    f(rows, q, kv, n, d, scale, state, acc, scores);
}
