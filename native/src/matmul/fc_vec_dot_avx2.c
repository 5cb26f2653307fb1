/*
 * AVX2 + FMA + F16C dot kernels (matvec and small batches) and the AVX2 kernel table. Integer dot products
 * use vpmaddubsw (u8 x s8 -> s16 pairs) + vpmaddwd: exact because unsigned weight bytes are at most 63, or,
 * for Q8_0, the sign of the weight is moved onto the activation (|w| <= 128, |x| <= 127: 2 x 128 x 127 fits).
 */
#include <immintrin.h>

#include "fc_block_decode_simd.h"

#define INLINE static inline __attribute__((always_inline))

INLINE float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

INLINE int32_t hsum256_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

/* ---- activation quantization (bit-identical to fc_act_quantize_scalar) ----------------------- */

static void act_quantize(const float *x, int64_t k, int group, void *row) {
    int8_t *qs = row;
    fc_q8_meta *meta = (fc_q8_meta *)((char *)row + k);
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (int64_t g = 0; g < k; g += group) {
        __m256 mx = _mm256_setzero_ps();
        for (int j = 0; j < group; j += 8) mx = _mm256_max_ps(mx, _mm256_and_ps(_mm256_loadu_ps(x + g + j), abs_mask));
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(mx), _mm256_extractf128_ps(mx, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        const float d = _mm_cvtss_f32(m4) / 127.0f;
        const __m256 id = _mm256_set1_ps(d != 0.0f ? 1.0f / d : 0.0f);
        for (int b = 0; b < group / 32; b++) {
            const int64_t o = g + 32 * b;
            __m256i q[4];
            for (int t = 0; t < 4; t++) q[t] = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + o + 8 * t), id));
            /* packs interleave 128-bit lanes; the permute puts the 32 bytes back in order */
            const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
            _mm256_storeu_si256((__m256i *)(qs + o), _mm256_permutevar8x32_epi32(p, order));
            fc_q8_meta *m = &meta[o / 32];
            m->d = d;
            m->sum[0] = hsum256_epi32(_mm256_add_epi32(q[0], q[1]));
            m->sum[1] = hsum256_epi32(_mm256_add_epi32(q[2], q[3]));
            m->ds = d * (float)(m->sum[0] + m->sum[1]);
        }
    }
}

/* ---- quantized weights ------------------------------------------------------------------------ */

INLINE __m256i dot_u8s8(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

/* Any type with unsigned bytes <= 63: one block per vector, the bias taken off in float at the end
 * (sum over blocks of scale * bias * ds). Used for Q4_1/Q5_0/Q5_1 and the tail of Q4_0. */
#define DEFINE_DOT(name, decode_call, bias, sub16, has_offset)                                           \
    INLINE float name##_blocks(const void *w, const int8_t *qs, const fc_q8_meta *meta, int64_t b0, int64_t b1) { \
        __m256 acc = _mm256_setzero_ps();                                                                \
        float off = 0.0f;                                                                                \
        for (int64_t b = b0; b < b1; b++) {                                                              \
            float scale[2] = {0, 0}, offset = 0;                                                         \
            const __m256i u = decode_call;                                                               \
            const fc_q8_meta *m = &meta[b];                                                              \
            const __m256i i = dot_u8s8(u, _mm256_loadu_si256((const __m256i *)(qs + 32 * b)));           \
            if (sub16) {                                                                                 \
                acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i),                                             \
                                      _mm256_setr_m128(_mm_set1_ps(scale[0] * m->d), _mm_set1_ps(scale[1] * m->d)), acc); \
                off -= (float)(bias) * m->d * (scale[0] * (float)m->sum[0] + scale[1] * (float)m->sum[1]); \
            } else {                                                                                     \
                acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i), _mm256_set1_ps(scale[0] * m->d), acc);      \
                if (bias) off -= (float)(bias) * scale[0] * m->ds;                                       \
            }                                                                                            \
            if (has_offset) off += offset * m->ds;                                                       \
        }                                                                                                \
        return hsum256(acc) + off;                                                                       \
    }                                                                                                    \
    static __attribute__((unused)) float name(int64_t k, const void *w, const void *x) {                \
        return name##_blocks(w, x, fc_act_meta(x, k), 0, k / 32);                                        \
    }

DEFINE_DOT(dot_q4_0, fc_simd_q4_0(w, b, scale, &offset), 8, 0, 0)
DEFINE_DOT(dot_q4_1, fc_simd_q4_1(w, b, scale, &offset), 0, 0, 1)
DEFINE_DOT(dot_q5_0, fc_simd_q5_0(w, b, scale, &offset), 16, 0, 0)
DEFINE_DOT(dot_q5_1, fc_simd_q5_1(w, b, scale, &offset), 0, 0, 1)

/* Q8_0: signed x signed; |w| is the unsigned side, the sign of w moves onto x. */
static float dot_q8_0(int64_t k, const void *w, const void *x) {
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    const block_q8_0 *wb = w;
    int64_t b = 0;
    for (; b < k / 32; b++) {
        fc_prefetch_ahead(wb + b, sizeof(block_q8_0));
        const __m256i wq = _mm256_loadu_si256((const __m256i *)wb[b].qs);
        const __m256i xs = _mm256_sign_epi8(_mm256_loadu_si256((const __m256i *)(qs + 32 * b)), wq);
        const __m256 s = _mm256_set1_ps(_cvtsh_ss(wb[b].d) * meta[b].d);
        const __m256 p = _mm256_cvtepi32_ps(dot_u8s8(_mm256_abs_epi8(wq), xs));
        if (b & 1) acc1 = _mm256_fmadd_ps(p, s, acc1);
        else acc0 = _mm256_fmadd_ps(p, s, acc0);
    }
    return hsum256(_mm256_add_ps(acc0, acc1));
}

/* Q4_0: 2 blocks per step. [qs0 | qs1] in one vector gives the low nibbles (values 0..15 of both blocks) and
 * the high ones (16..31); the activations are regrouped to match. 128-bit lane c belongs to block c, as do
 * the 16-byte metas {d, ds, sum0, sum1}, so the bias start and the scales are lane-wise too. */
static float dot_q4_0_x2(int64_t k, const void *w, const void *x) {
    const block_q4_0 *wb = w;
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const int64_t nb = k / 32;
    const __m256i m4 = _mm256_set1_epi8(0x0F), ones = _mm256_set1_epi16(1);
    const __m256i minus8 = _mm256_setr_epi32(0, 0, -8, -8, 0, 0, -8, -8);
    __m256 acc = _mm256_setzero_ps();
    int64_t b = 0;
    for (; b + 2 <= nb; b += 2) {
        fc_prefetch_ahead(wb + b, 2 * sizeof(block_q4_0));
        const __m256i q = _mm256_set_m128i(_mm_loadu_si128((const __m128i *)wb[b + 1].qs), _mm_loadu_si128((const __m128i *)wb[b].qs));
        const __m256i lo = _mm256_and_si256(q, m4), hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
        const __m256i x0 = _mm256_loadu_si256((const __m256i *)(qs + 32 * b));
        const __m256i x1 = _mm256_loadu_si256((const __m256i *)(qs + 32 * b + 32));
        const __m256i xlo = _mm256_permute2x128_si256(x0, x1, 0x20), xhi = _mm256_permute2x128_si256(x0, x1, 0x31);
        /* each maddubs word is at most 2 x 15 x 127, so the sum of two fits in int16 */
        const __m256i p = _mm256_add_epi16(_mm256_maddubs_epi16(lo, xlo), _mm256_maddubs_epi16(hi, xhi));
        const __m256i mt = _mm256_loadu_si256((const __m256i *)(meta + b));
        const __m256i i = _mm256_add_epi32(_mm256_madd_epi16(p, ones), _mm256_mullo_epi32(mt, minus8));
        const __m256 dw = _mm256_setr_m128(_mm_set1_ps(_cvtsh_ss(wb[b].d)), _mm_set1_ps(_cvtsh_ss(wb[b + 1].d)));
        const __m256 dx = _mm256_permute_ps(_mm256_castsi256_ps(mt), 0);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i), _mm256_mul_ps(dw, dx), acc);
    }
    return hsum256(acc) + dot_q4_0_blocks(w, qs, meta, b, nb);
}

/* k-quants: one super-block per step, sub-block scales applied by vpmaddwd on the maddubs pairs. */
static float dot_q4_k_x(int64_t k, const void *w, const void *x, const int five) {
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
    __m256 acc = _mm256_setzero_ps();
    float mins = 0.0f;
    for (int64_t sb = 0; sb < k / 256; sb++) {
        const uint8_t *q, *scales, *qh = NULL;
        fc_fp16 d16, dmin16;
        fc_prefetch_ahead((const char *)w + sb * (int64_t)(five ? sizeof(block_q5_K) : sizeof(block_q4_K)),
                          five ? sizeof(block_q5_K) : sizeof(block_q4_K));
        if (five) {
            const block_q5_K *blk = (const block_q5_K *)w + sb;
            q = blk->qs, scales = blk->scales, qh = blk->qh, d16 = blk->d, dmin16 = blk->dmin;
        } else {
            const block_q4_K *blk = (const block_q4_K *)w + sb;
            q = blk->qs, scales = blk->scales, d16 = blk->d, dmin16 = blk->dmin;
        }
        uint8_t sc[8], mn[8];
        fc_k4_scales(scales, sc, mn);
        const int8_t *xq = qs + 256 * sb;
        const fc_q8_meta *m = meta + 8 * sb;
        const __m256i hb = five ? _mm256_loadu_si256((const __m256i *)qh) : _mm256_setzero_si256();
        __m256i isum = _mm256_setzero_si256();
        for (int c = 0; c < 4; c++) {
            const __m256i z = _mm256_loadu_si256((const __m256i *)(q + 32 * c));
            __m256i lo = _mm256_and_si256(z, m4), hi = _mm256_and_si256(_mm256_srli_epi16(z, 4), m4);
            if (five) {
                lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, 2 * c), one), 4));
                hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hb, 2 * c + 1), one), 4));
            }
            const __m256i plo = _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)(xq + 64 * c)));
            const __m256i phi = _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(xq + 64 * c + 32)));
            isum = _mm256_add_epi32(isum, _mm256_madd_epi16(plo, _mm256_set1_epi16(sc[2 * c])));
            isum = _mm256_add_epi32(isum, _mm256_madd_epi16(phi, _mm256_set1_epi16(sc[2 * c + 1])));
        }
        int32_t msum = 0;
        for (int j = 0; j < 8; j++) msum += (int32_t)mn[j] * (m[j].sum[0] + m[j].sum[1]);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_set1_ps(_cvtsh_ss(d16) * m->d), acc);
        mins += _cvtsh_ss(dmin16) * m->d * (float)msum;
    }
    return hsum256(acc) - mins;
}
static float dot_q4_k_x4(int64_t k, const void *w, const void *x) { return dot_q4_k_x(k, w, x, 0); }
static float dot_q5_k_x4(int64_t k, const void *w, const void *x) { return dot_q4_k_x(k, w, x, 1); }

static float dot_q6_k_x(int64_t k, const void *w, const void *x) {
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(0x03);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t sb = 0; sb < k / 256; sb++) {
        const block_q6_K *blk = (const block_q6_K *)w + sb;
        fc_prefetch_ahead(blk, sizeof(block_q6_K));
        const int8_t *xq = qs + 256 * sb;
        const fc_q8_meta *m = meta + 8 * sb;
        __m256i isum = _mm256_setzero_si256();
        for (int h = 0; h < 2; h++) {
            const __m256i l0 = _mm256_loadu_si256((const __m256i *)(blk->ql + 64 * h));
            const __m256i l1 = _mm256_loadu_si256((const __m256i *)(blk->ql + 64 * h + 32));
            const __m256i hb = _mm256_loadu_si256((const __m256i *)(blk->qh + 32 * h));
            for (int q = 0; q < 4; q++) {
                const __m256i l = (q & 1) ? l1 : l0;
                const __m256i lo = _mm256_and_si256(q < 2 ? l : _mm256_srli_epi16(l, 4), m4);
                const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(hb, 2 * q), m2);
                const __m256i u = _mm256_or_si256(lo, _mm256_slli_epi16(hi, 4));
                const __m256i p = _mm256_maddubs_epi16(u, _mm256_loadu_si256((const __m256i *)(xq + 128 * h + 32 * q)));
                const int8_t *sc = blk->scales + 8 * h + 2 * q;
                isum = _mm256_add_epi32(isum, _mm256_madd_epi16(p, _mm256_setr_m128i(_mm_set1_epi16(sc[0]), _mm_set1_epi16(sc[1]))));
            }
        }
        int32_t bias = 0;
        for (int i = 0; i < 16; i++) bias += blk->scales[i] * m[i / 2].sum[i % 2];
        const float s = _cvtsh_ss(blk->d) * m->d;
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_set1_ps(s), acc);
        acc = _mm256_sub_ps(acc, _mm256_setr_ps(32.0f * s * (float)bias, 0, 0, 0, 0, 0, 0, 0));
    }
    return hsum256(acc);
}

/* ---- float weights ---------------------------------------------------------------------------- */

typedef float f32_elem;
typedef fc_fp16 f16_elem;
typedef fc_bf16 bf16_elem;
INLINE __m256 load_f32(const void *w, int64_t i) { return _mm256_loadu_ps((const float *)w + i); }
INLINE __m256 load_f16(const void *w, int64_t i) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const fc_fp16 *)w + i)));
}
INLINE __m256 load_bf16(const void *w, int64_t i) {
    const __m128i h = _mm_loadu_si128((const __m128i *)((const fc_bf16 *)w + i));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
INLINE float one_f32(const void *w, int64_t i) { return ((const float *)w)[i]; }
INLINE float one_f16(const void *w, int64_t i) { return _cvtsh_ss(((const fc_fp16 *)w)[i]); }
INLINE float one_bf16(const void *w, int64_t i) { return fc_bf16_to_fp32(((const fc_bf16 *)w)[i]); }

#define DEFINE_FLOAT(name)                                                                                \
    static float dot_##name(int64_t k, const void *w, const void *vx) {                                   \
        const float *x = vx;                                                                              \
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                                       \
        int64_t i = 0;                                                                                    \
        for (; i + 32 <= k; i += 32) {                                                                    \
            fc_prefetch_ahead((const char *)w + i * (int64_t)sizeof(name##_elem), 32 * sizeof(name##_elem)); \
            a0 = _mm256_fmadd_ps(load_##name(w, i), _mm256_loadu_ps(x + i), a0);                          \
            a1 = _mm256_fmadd_ps(load_##name(w, i + 8), _mm256_loadu_ps(x + i + 8), a1);                  \
            a2 = _mm256_fmadd_ps(load_##name(w, i + 16), _mm256_loadu_ps(x + i + 16), a2);                \
            a3 = _mm256_fmadd_ps(load_##name(w, i + 24), _mm256_loadu_ps(x + i + 24), a3);                \
        }                                                                                                 \
        for (; i + 8 <= k; i += 8) a0 = _mm256_fmadd_ps(load_##name(w, i), _mm256_loadu_ps(x + i), a0);   \
        float s = hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));                   \
        for (; i < k; i++) s += one_##name(w, i) * x[i];                                                  \
        return s;                                                                                         \
    }                                                                                                     \
    /* 4 x 4 outputs as two 4-row x 2-column passes (16 ymm registers hold 8 accumulators + operands). */ \
    static void dot4_##name(int64_t k, const void *w, size_t row_bytes, const float *const *xs, float *out) { \
        for (int j0 = 0; j0 < 4; j0 += 2) {                                                               \
            const char *w0 = (const char *)w + (size_t)j0 * row_bytes, *w1 = w0 + row_bytes;              \
            __m256 acc[4][2];                                                                             \
            _Pragma("GCC unroll 4") for (int r = 0; r < 4; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps(); \
            int64_t i = 0;                                                                                \
            for (; i + 8 <= k; i += 8) {                                                                  \
                const __m256 v0 = load_##name(w0, i), v1 = load_##name(w1, i);                            \
                _Pragma("GCC unroll 4") for (int r = 0; r < 4; r++) {                                     \
                    const __m256 xv = _mm256_loadu_ps(xs[r] + i);                                         \
                    acc[r][0] = _mm256_fmadd_ps(v0, xv, acc[r][0]);                                       \
                    acc[r][1] = _mm256_fmadd_ps(v1, xv, acc[r][1]);                                       \
                }                                                                                         \
            }                                                                                             \
            for (int r = 0; r < 4; r++) {                                                                 \
                float s0 = hsum256(acc[r][0]), s1 = hsum256(acc[r][1]);                                   \
                for (int64_t t = i; t < k; t++) {                                                         \
                    s0 += one_##name(w0, t) * xs[r][t];                                                   \
                    s1 += one_##name(w1, t) * xs[r][t];                                                   \
                }                                                                                         \
                out[r * 4 + j0] = s0;                                                                     \
                out[r * 4 + j0 + 1] = s1;                                                                 \
            }                                                                                             \
        }                                                                                                 \
    }

DEFINE_FLOAT(f32)
DEFINE_FLOAT(f16)
DEFINE_FLOAT(bf16)

void fc_mm_kernels_avx2(int32_t type, fc_mm_kernels *out) {
    out->path = "avx2";
    out->quant = act_quantize;
    switch (type) {
    case FC_TYPE_F32: out->quant = NULL; out->dot = dot_f32; out->dot4 = dot4_f32; return;
    case FC_TYPE_F16: out->quant = NULL; out->dot = dot_f16; out->dot4 = dot4_f16; return;
    case FC_TYPE_BF16: out->quant = NULL; out->dot = dot_bf16; out->dot4 = dot4_bf16; return;
    case FC_TYPE_Q4_0: out->dot = dot_q4_0_x2; break;
    case FC_TYPE_Q4_1: out->dot = dot_q4_1; break;
    case FC_TYPE_Q5_0: out->dot = dot_q5_0; break;
    case FC_TYPE_Q5_1: out->dot = dot_q5_1; break;
    case FC_TYPE_Q8_0: out->dot = dot_q8_0; break;
    case FC_TYPE_Q4_K: out->dot = dot_q4_k_x4; break;
    case FC_TYPE_Q5_K: out->dot = dot_q5_k_x4; break;
    case FC_TYPE_Q6_K: out->dot = dot_q6_k_x; break;
    default: out->quant = NULL; out->path = NULL; return;
    }
    fc_panel_kernels_avx2(type, out);
}
