/*
 * AVX-512 update_raw: decode for up to 8 query rows read straight from the F32/F16/Q8_0 cache (see
 * fc_attn_kernels.update_raw), with the grouped-query score paths: K transposed in registers over F16, and
 * int8 dot products over Q8_0 where the CPU has VNNI.
 */
#include <string.h>

#include "attention/fc_attention_avx512.h"

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

/* a[r][i] += p[r] v[dims 16 (c0 + i) ..] for one key: its V row (all R / G heads) at `row`, its R
 * probabilities at p. A Q8_0 block's step is converted and broadcast once for its two chunks (c0 is even). */
ROWS_INLINE void accumulate_key(int R, int G, int CP, int32_t type, int masked, const raw_call *c, const char *row,
                                const float *p, int64_t c0, const __mmask16 *m, __m512 a[8][4]) {
    for (int h = 0; h < R / G; h++) {
        const char *v = row + c->kv_off[h];
        __m512 step[2];
        for (int i = 0; type == FC_TYPE_Q8_0 && i < CP; i += 2)
            step[i / 2] = masked && !m[i] ? _mm512_setzero_ps() /* past head_dim: not read */
                                          : _mm512_set1_ps(_cvtsh_ss(((const block_q8_0 *)v + (c0 + i) / 2)->d));
        for (int i = 0; i < CP; i++) {
            const block_q8_0 *b = (const block_q8_0 *)v + (c0 + i) / 2;
            const __m512 x = type != FC_TYPE_Q8_0 ? load16(type, v, c0 + i, masked, m[i])
                             : masked && !m[i]    ? _mm512_setzero_ps()
                                                  : _mm512_mul_ps(step[i / 2], widen_q8(b->qs + 16 * ((c0 + i) & 1)));
            for (int g = 0; g < G; g++)
                a[h * G + g][i] = _mm512_fmadd_ps(_mm512_set1_ps(p[h * G + g]), x, a[h * G + g][i]);
        }
    }
}

/* acc_r[dims 16 c0 .. 16 (c0 + CP)) = acc_r * corr_r + sum_j p_jr v_j. U keys per step in separate
 * registers so that U x R x CP = 16 independent FMA chains hide the FMA latency. `masked`: the block runs
 * past head_dim (chunks past it load as 0 and are not stored). Key j prefetches bytes [pf_off, pf_off +
 * pf_len) of its span of the caller's next tile (the blocks of one call share each span out). */
ROWS_INLINE void accumulate_block(int R, int G, int CP, int32_t type, int masked, const raw_call *c, int rows,
                                  const float *p, int64_t c0, int64_t pf_off, int64_t pf_len, const float *corr,
                                  float *acc) {
    enum { MAXU = 4 };
    const int U = 16 / (R * CP);
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
    /* pointers stepped per key rather than recomputed (and clamped) from j; the last n % U keys after */
    const char *row = c->v, *pf = c->pf_v + pf_off;
    const float *pj = p;
    const int64_t stride = c->stride, pf_step = c->pf_step;
    int64_t j = 0;
    for (; j + U <= n; j += U, row += U * stride, pf += U * pf_step, pj += U * R)
        for (int u = 0; u < U; u++) {
            if (pf_len > 0) prefetch_span(pf + u * pf_step, pf_len);
            accumulate_key(R, G, CP, type, masked, c, row + u * stride, pj + u * R, c0, m, a[u]);
        }
    for (int u = 0; j + u < n; u++) {
        if (pf_len > 0) prefetch_span(pf + u * pf_step, pf_len);
        accumulate_key(R, G, CP, type, masked, c, row + u * stride, pj + u * R, c0, m, a[u]);
    }
    for (int r = 0; r < R && r < rows; r++)
        for (int i = 0; i < CP; i++) {
            __m512 sum = a[0][r][i];
            for (int u = 1; u < U; u++) sum = _mm512_add_ps(sum, a[u][r][i]);
            _mm512_mask_storeu_ps(acc + r * d + 16 * (c0 + i), m[i], sum);
        }
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
    const __m512i first = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
    const __m512i second = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
    for (int m = 0; m < 4; m++) {
        out[2 * m] = _mm512_permutex2var_epi64(b[m], first, b[4 + m]);
        out[2 * m + 1] = _mm512_permutex2var_epi64(b[m], second, b[4 + m]);
    }
}

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

/* The query rows' rounding, 32 values per step. rint of the product in the MXCSR's default rounding
 * (nearest even) and the same float operations as the definition: the same bytes as rounding one value
 * at a time, which took ~1.6 ns per value and ~4-9% of a Q8_0 decode call (once per chunk and head). */
void fc_attn_round_q8_avx512(const float *q, int64_t d, fc_attn_q8_row *out) {
    for (int64_t b = 0; b < d / 32; b++) {
        const __m512 x0 = _mm512_loadu_ps(q + 32 * b), x1 = _mm512_loadu_ps(q + 32 * b + 16);
        /* x - x is 0 for a finite x, NaN for NaN and inf */
        const __mmask16 finite0 = _mm512_cmp_ps_mask(_mm512_sub_ps(x0, x0), _mm512_setzero_ps(), _CMP_EQ_OQ);
        const __mmask16 finite1 = _mm512_cmp_ps_mask(_mm512_sub_ps(x1, x1), _mm512_setzero_ps(), _CMP_EQ_OQ);
        if ((finite0 & finite1) != 0xffff) {
            memset(out->qs + 32 * b, 0, 32);
            out->step[b] = NAN;
            out->bias[b] = 0;
            continue;
        }
        const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(x0), _mm512_abs_ps(x1)));
        const __m512 inv = _mm512_set1_ps(amax > 0.0f ? 127.0f / amax : 0.0f);
        const __m512i i0 = _mm512_cvtps_epi32(_mm512_mul_ps(x0, inv)), i1 = _mm512_cvtps_epi32(_mm512_mul_ps(x1, inv));
        _mm_storeu_si128((__m128i *)(out->qs + 32 * b), _mm512_cvtepi32_epi8(i0));
        _mm_storeu_si128((__m128i *)(out->qs + 32 * b + 16), _mm512_cvtepi32_epi8(i1));
        out->step[b] = amax / 127.0f;
        out->bias[b] = 128 * _mm512_reduce_add_epi32(_mm512_add_epi32(i0, i1));
    }
}

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
        const __m512i lo02 = _mm512_shuffle_i32x4(b[m], b[4 + m], 0x88);
        const __m512i lo13 = _mm512_shuffle_i32x4(b[m], b[4 + m], 0xdd);
        const __m512i hi02 = _mm512_shuffle_i32x4(b[8 + m], b[12 + m], 0x88);
        const __m512i hi13 = _mm512_shuffle_i32x4(b[8 + m], b[12 + m], 0xdd);
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
                const __m512i at = _mm512_add_epi32(offsets, _mm512_set1_epi32((int)(68 * chunk + 34 * e)));
                const __m512i raw = _mm512_i32gather_epi32(at, base, 1);
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
                    const __m512 step = _mm512_mul_ps(kstep[e], _mm512_set1_ps(scale * q->step[blk]));
                    out[r] = _mm512_fmadd_ps(step, dot, out[r]);
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

static inline int64_t min_i64(int64_t a, int64_t b) { return a < b ? a : b; }

/* acc = acc * corr + p V, in blocks of CP x 16 dims (R x CP accumulators). The next tile's V is asked
 * for over the blocks, at least 2 lines per key each: all of it in the first block (gqa4: 8 lines per
 * key, one block of 4) left one thread's decode from DRAM ~1.5x its time from L3. */
ROWS_INLINE void accumulate(int R, int G, int32_t type, const raw_call *c, int rows, const float *p,
                                const float *corr, float *acc) {
    const int CP = R == 8 ? 2 : 4;
    const int64_t d = c->d, blocks = (d + 16 * CP - 1) / (16 * CP);
    const int64_t pf_parts = c->pf_step < 256 ? 1 : min_i64(blocks, c->pf_step / 128);
    for (int64_t b = 0; b < blocks; b++) {
        const int64_t lo = b < pf_parts ? c->pf_step * b / pf_parts : 0;
        const int64_t hi = b < pf_parts ? c->pf_step * (b + 1) / pf_parts : 0;
        if ((b + 1) * CP * 16 <= d) /* `masked` a constant in each call: the loads specialize */
            accumulate_block(R, G, CP, type, 0, c, rows, p, b * CP, lo, hi - lo, corr, acc);
        else
            accumulate_block(R, G, CP, type, 1, c, rows, p, b * CP, lo, hi - lo, corr, acc);
    }
}

/* update_raw's scores through score_vector: vectors of 16 / R keys x R rows, scaled, keys past n as
 * -inf; returns the number of vectors and their running maximum per lane. */
ROWS_INLINE int64_t scores_f32(int R, int G, int32_t type, const raw_call *c, float scale, float *scores,
                               __m512 *vmax) {
    const int keys = 16 / R;
    const int64_t n = c->n, vectors = (n + keys - 1) / keys;
    __m512 m = _mm512_set1_ps(-INFINITY);
    for (int64_t i = 0; i < vectors; i++) {
        __m512 s = _mm512_mul_ps(_mm512_set1_ps(scale), score_vector(R, G, type, c, i * keys));
        const int64_t valid = n - i * keys;
        if (valid < keys) s = _mm512_mask_mov_ps(_mm512_set1_ps(-INFINITY), (__mmask16)((1u << (valid * R)) - 1), s);
        _mm512_storeu_ps(scores + 16 * i, s);
        m = _mm512_max_ps(m, s);
    }
    *vmax = m;
    return vectors;
}

/* update_raw for R rows in groups of G per kv head (R / G kv heads), `rows` of them real. */
ROWS_INLINE void update_raw_rows(int R, int G, int32_t type, int rows, const float *const *q,
                                 const fc_attn_raw_kv *kv, int64_t n, int64_t d, float scale,
                                 fc_attn_row_state *state, float *acc, float *scores) {
    const int heads = R / G;
    raw_call c = {.k = kv->k, .v = kv->v, .stride = kv->stride, .n = n, .d = d, .pf_k = kv->pf_k, .pf_v = kv->pf_v,
                  .pf_step = kv->pf_step};
    for (int r = 0; r < R; r++) { /* padding rows repeat the last row */
        c.q[r] = q[r < rows ? r : rows - 1];
        c.q8[r] = kv->q8 ? kv->q8 + (r < rows ? r : rows - 1) : NULL;
    }
    for (int h = 0; h < heads; h++) c.kv_off[h] = (h * G < rows ? h : (rows - 1) / G) * kv->kv_step;

    /* scores (scaled; keys past n masked to -inf) and their running maximum per lane */
    int64_t vectors;
    __m512 vmax;
    if (type == FC_TYPE_Q8_0 && kv->q8) {
        vectors = scores_q8_vnni(R, G, &c, scale, scores, &vmax);
    } else if (R == 8 && G == 8 && type == FC_TYPE_F16 && d % 32 == 0 && d <= TK_MAX_DIM) {
        vectors = scores_f16_transposed(&c, scale, scores, &vmax);
    } else {
        vectors = scores_f32(R, G, type, &c, scale, scores, &vmax);
    }
    float corr[16];
    softmax_vectors(R, rows, scores, vectors, vmax, state, corr);

    accumulate(R, G, type, &c, rows, scores, corr, acc);
}

/* One function per row shape this level dispatches to (see FC_ATTN_RAW_KERNEL). */
FC_ATTN_RAW_KERNEL(1, 1)
FC_ATTN_RAW_KERNEL(2, 2)
FC_ATTN_RAW_KERNEL(4, 4)
FC_ATTN_RAW_KERNEL(8, 8)
FC_ATTN_RAW_KERNEL(8, 4)
FC_ATTN_RAW_KERNEL(8, 2)
FC_ATTN_RAW_KERNEL(8, 1)

void fc_attn_update_raw_avx512(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
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
