/*
 * AVX-512 dot kernels (matvec and small batches) and the AVX-512 kernel table. Built with AVX-512 F/BW/VL/DQ
 * and VNNI flags; the vpdpbusd variants are only selected when the CPU has AVX512_VNNI, the others replace it
 * with vpmaddubsw + vpmaddwd (exact: every unsigned weight byte is at most 63 there, or signs are moved).
 */
#include <immintrin.h>

#include <stddef.h>

#include "fc_block_decode_simd.h"

#define INLINE static inline __attribute__((always_inline))

/* ---- activation quantization (bit-identical to fc_act_quantize_scalar) ----------------------- */

/* Sum of 16 int8: psadbw of the bytes + 128 against zero, less 16 x 128. */
INLINE int32_t sum16_i8(__m128i q) {
    const __m128i s = _mm_sad_epu8(_mm_xor_si128(q, _mm_set1_epi8((char)0x80)), _mm_setzero_si128());
    return _mm_cvtsi128_si32(_mm_add_epi64(s, _mm_unpackhi_epi64(s, s))) - 16 * 128;
}

static void act_quantize(const float *x, int64_t k, int group, void *row) {
    int8_t *qs = row;
    fc_q8_meta *meta = (fc_q8_meta *)((char *)row + k);
    for (int64_t g = 0; g < k; g += group) {
        __m512 mx = _mm512_setzero_ps();
        for (int j = 0; j < group; j += 16) mx = _mm512_max_ps(mx, _mm512_abs_ps(_mm512_loadu_ps(x + g + j)));
        const float d = _mm512_reduce_max_ps(mx) / 127.0f;
        const __m512 id = _mm512_set1_ps(d != 0.0f ? 1.0f / d : 0.0f);
        for (int b = 0; b < group / 32; b++) {
            const int64_t o = g + 32 * b;
            const __m128i q0 = _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + o), id)));
            const __m128i q1 = _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + o + 16), id)));
            _mm_storeu_si128((__m128i *)(qs + o), q0);
            _mm_storeu_si128((__m128i *)(qs + o + 16), q1);
            fc_q8_meta *m = &meta[o / 32];
            m->d = d;
            m->sum[0] = sum16_i8(q0);
            m->sum[1] = sum16_i8(q1);
            m->ds = d * (float)(m->sum[0] + m->sum[1]);
        }
    }
}

/* ---- int8 dot products ------------------------------------------------------------------------ */

/* acc + sum of 4 u8 x s8 products per 32-bit lane; without VNNI via maddubs (u <= 63 never saturates). */
INLINE __m512i dot_u8s8(__m512i acc, __m512i u, __m512i s, const int vnni) {
    if (vnni) return _mm512_dpbusd_epi32(acc, u, s);
    return _mm512_add_epi32(acc, _mm512_madd_epi16(_mm512_maddubs_epi16(u, s), _mm512_set1_epi16(1)));
}
INLINE __m256i dot_u8s8_256(__m256i acc, __m256i u, __m256i s, const int vnni) {
    if (vnni) return _mm256_dpbusd_epi32(acc, u, s);
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
}

INLINE float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* Blocks [b0, b1) of any quantized type, one block of 32 per 256-bit vector: the block is decoded to bytes
 * (auto-vectorised), its bias folded into the integer accumulator's start. Used for the types without a
 * dedicated kernel and for the tails of the dedicated ones. */
#define GENERIC_BLOCKS(name, decode_call, bias, sub16, has_offset)                                       \
    INLINE float name(const void *w, const int8_t *qs, const fc_q8_meta *meta, int64_t b0, int64_t b1,  \
                      const int vnni) {                                                                  \
        __m256 acc = _mm256_setzero_ps();                                                                \
        float off = 0.0f;                                                                                \
        for (int64_t b = b0; b < b1; b++) {                                                              \
            float scale[2] = {0, 0}, offset = 0;                                                         \
            const __m256i u = decode_call;                                                               \
            const fc_q8_meta *m = &meta[b];                                                              \
            __m256i init;                                                                                \
            __m256 s;                                                                                    \
            if (sub16) {                                                                                 \
                init = _mm256_setr_epi32(-(bias) * m->sum[0], 0, 0, 0, -(bias) * m->sum[1], 0, 0, 0);    \
                s = _mm256_setr_m128(_mm_set1_ps(scale[0] * m->d), _mm_set1_ps(scale[1] * m->d));        \
            } else {                                                                                     \
                init = _mm256_setr_epi32(-(bias) * (m->sum[0] + m->sum[1]), 0, 0, 0, 0, 0, 0, 0);        \
                s = _mm256_set1_ps(scale[0] * m->d);                                                     \
            }                                                                                            \
            const __m256i x = _mm256_loadu_si256((const __m256i *)(qs + 32 * b));                        \
            const __m256i i = dot_u8s8_256(init, u, x, vnni);                                              \
            acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i), s, acc);                                        \
            if (has_offset) off += offset * m->ds;                                                       \
        }                                                                                                \
        return hsum256(acc) + off;                                                                       \
    }

GENERIC_BLOCKS(blocks_q4_0, fc_simd_q4_0(w, b, scale, &offset), 8, 0, 0)
GENERIC_BLOCKS(blocks_q4_1, fc_simd_q4_1(w, b, scale, &offset), 0, 0, 1)
GENERIC_BLOCKS(blocks_q5_0, fc_simd_q5_0(w, b, scale, &offset), 16, 0, 0)
GENERIC_BLOCKS(blocks_q5_1, fc_simd_q5_1(w, b, scale, &offset), 0, 0, 1)

/* Q8_0 tail: signed x signed, so the sign of w moves onto x (vpsignb) and |w| <= 128 is the unsigned side. */
INLINE float blocks_q8_0(const void *w, const int8_t *qs, const fc_q8_meta *meta, int64_t b0, int64_t b1,
                         const int vnni) {
    __m256 acc = _mm256_setzero_ps();
    for (int64_t b = b0; b < b1; b++) {
        const block_q8_0 *blk = (const block_q8_0 *)w + b;
        const __m256i wq = _mm256_loadu_si256((const __m256i *)blk->qs);
        const __m256i x = _mm256_sign_epi8(_mm256_loadu_si256((const __m256i *)(qs + 32 * b)), wq);
        const __m256i i = dot_u8s8_256(_mm256_setzero_si256(), _mm256_abs_epi8(wq), x, vnni);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i), _mm256_set1_ps(_cvtsh_ss(blk->d) * meta[b].d), acc);
    }
    return hsum256(acc);
}

/* Meta of 4 blocks is one zmm: 128-bit chunk c = {d, ds, sum0, sum1} of block c. */
/* Every bias is a power of two (8, 16, 128): a shift and a subtraction keep the multiplier ports free. */
INLINE __m512i bias_init(__m512i meta, int bias) {
    const int shift = __builtin_ctz((unsigned)bias);
    return _mm512_maskz_sub_epi32(0xCCCC, _mm512_setzero_si512(), _mm512_slli_epi32(meta, shift));
}
INLINE __m512 chunk_d(__m512i meta) { return _mm512_permute_ps(_mm512_castsi512_ps(meta), 0); }

/* Q4_0: 4 blocks per step. The 4 x 16 nibble bytes fill one zmm; low nibbles are values 0..15 of each
 * block, high nibbles 16..31, so the activations are regrouped the same way (two 128-bit shuffles). The
 * 4 fp16 scales lie in the first 64 bytes of the 72-byte group: one load, one vpermw. */
/* Word index vector for vpermw: the low 16 words are 4 copies each of w0..w3 (chunk c gets scale c). */
INLINE __m512i word_idx(int w0, int w1, int w2, int w3) {
    return _mm512_setr_epi32(w0 | w0 << 16, w0 | w0 << 16, w1 | w1 << 16, w1 | w1 << 16, w2 | w2 << 16, w2 | w2 << 16,
                             w3 | w3 << 16, w3 | w3 << 16, 0, 0, 0, 0, 0, 0, 0, 0);
}

/* Legacy 4-bit and 5-bit types, 4 blocks per step. The 4 x 16 nibble bytes fill one zmm; low nibbles are
 * values 0..15 of each block, high nibbles 16..31, so the activations are regrouped the same way (two 128-bit
 * shuffles). The fp16 scales (and minima) are picked out of one or two loads of the group by vpermw. The
 * fifth bits of Q5 become byte masks (bit j of qh is value j). Returns acc + this step's contribution. */
INLINE __m512 legacy_step(const int32_t type, const void *g, const int8_t *xq, const fc_q8_meta *mp, __m512 acc,
                          __m512 *acc_min, const int vnni) {
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    const char *gb = g;
    size_t stride, qs_off;
    switch (type) {
    case FC_TYPE_Q4_0: stride = sizeof(block_q4_0), qs_off = offsetof(block_q4_0, qs); break;
    case FC_TYPE_Q4_1: stride = sizeof(block_q4_1), qs_off = offsetof(block_q4_1, qs); break;
    case FC_TYPE_Q5_0: stride = sizeof(block_q5_0), qs_off = offsetof(block_q5_0, qs); break;
    default: stride = sizeof(block_q5_1), qs_off = offsetof(block_q5_1, qs); break;
    }
    __m512i z = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(gb + qs_off)));
    z = _mm512_inserti32x4(z, _mm_loadu_si128((const __m128i *)(gb + stride + qs_off)), 1);
    z = _mm512_inserti32x4(z, _mm_loadu_si128((const __m128i *)(gb + 2 * stride + qs_off)), 2);
    z = _mm512_inserti32x4(z, _mm_loadu_si128((const __m128i *)(gb + 3 * stride + qs_off)), 3);
    __m512i lo = _mm512_and_si512(z, m4);
    __m512i hi = _mm512_and_si512(_mm512_srli_epi16(z, 4), m4);
    if (type == FC_TYPE_Q5_0 || type == FC_TYPE_Q5_1) {
        const size_t qh_off = type == FC_TYPE_Q5_0 ? offsetof(block_q5_0, qh) : offsetof(block_q5_1, qh);
        uint64_t mlo = 0, mhi = 0;
        for (int c = 0; c < 4; c++) {
            uint32_t qh;
            memcpy(&qh, gb + c * stride + qh_off, sizeof qh);
            mlo |= (uint64_t)(qh & 0xFFFF) << (16 * c);
            mhi |= (uint64_t)(qh >> 16) << (16 * c);
        }
        const __m512i sixteen = _mm512_set1_epi8(0x10);
        lo = _mm512_mask_add_epi8(lo, _cvtu64_mask64(mlo), lo, sixteen);
        hi = _mm512_mask_add_epi8(hi, _cvtu64_mask64(mhi), hi, sixteen);
    }
    const __m512i l0 = _mm512_loadu_si512(xq), l1 = _mm512_loadu_si512(xq + 64);
    const __m512i xlo = _mm512_shuffle_i64x2(l0, l1, _MM_SHUFFLE(2, 0, 2, 0));
    const __m512i xhi = _mm512_shuffle_i64x2(l0, l1, _MM_SHUFFLE(3, 1, 3, 1));
    const __m512i mt = _mm512_loadu_si512(mp);
    const int bias = type == FC_TYPE_Q4_0 ? 8 : type == FC_TYPE_Q5_0 ? 16 : 0;
    __m512i i = dot_u8s8(bias ? bias_init(mt, bias) : _mm512_setzero_si512(), lo, xlo, vnni);
    i = dot_u8s8(i, hi, xhi, vnni);
    /* scales: word offsets of d (and m) of the 4 blocks within one 64-byte load, or two */
    __m512i dh, mh = _mm512_setzero_si512();
    if (type == FC_TYPE_Q4_0) {
        dh = _mm512_permutexvar_epi16(word_idx(0, 9, 18, 27), _mm512_loadu_si512(gb));
    } else if (type == FC_TYPE_Q4_1) {
        const __m512i v = _mm512_loadu_si512(gb);
        dh = _mm512_permutexvar_epi16(word_idx(0, 10, 20, 30), v);
        mh = _mm512_permutexvar_epi16(word_idx(1, 11, 21, 31), v);
    } else if (type == FC_TYPE_Q5_0) { /* 88-byte group: loads at 0 and 24 */
        dh = _mm512_permutex2var_epi16(_mm512_loadu_si512(gb), word_idx(0, 11, 32 + 10, 32 + 21), _mm512_loadu_si512(gb + 24));
    } else { /* 96-byte group: loads at 0 and 32 */
        const __m512i v0 = _mm512_loadu_si512(gb), v1 = _mm512_loadu_si512(gb + 32);
        dh = _mm512_permutex2var_epi16(v0, word_idx(0, 12, 24, 32 + 20), v1);
        mh = _mm512_permutex2var_epi16(v0, word_idx(1, 13, 25, 32 + 21), v1);
    }
    const __m512 dw = _mm512_cvtph_ps(_mm512_castsi512_si256(dh));
    if (type == FC_TYPE_Q4_1 || type == FC_TYPE_Q5_1) /* m x ds, once per block (ds is word 1 of its chunk) */
        *acc_min = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm512_castsi512_si256(mh)),
                                   _mm512_maskz_mov_ps(0x2222, _mm512_castsi512_ps(mt)), *acc_min);
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(i), _mm512_mul_ps(dw, chunk_d(mt)), acc);
}

INLINE float dot_legacy_impl(const int32_t type, int64_t k, const void *w, const void *x, const int vnni) {
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const int64_t nb = k / 32;
    const size_t stride = type == FC_TYPE_Q4_0 ? sizeof(block_q4_0) : type == FC_TYPE_Q4_1 ? sizeof(block_q4_1)
                        : type == FC_TYPE_Q5_0 ? sizeof(block_q5_0) : sizeof(block_q5_1);
    const char *wb = w;
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps(), accm = _mm512_setzero_ps();
    int64_t b = 0;
    for (; b + 8 <= nb; b += 8) { /* two independent chains hide the fma latency */
        fc_prefetch_ahead(wb + b * stride, 8 * stride);
        acc0 = legacy_step(type, wb + b * stride, qs + 32 * b, meta + b, acc0, &accm, vnni);
        acc1 = legacy_step(type, wb + (b + 4) * stride, qs + 32 * b + 128, meta + b + 4, acc1, &accm, vnni);
    }
    if (b + 4 <= nb) {
        acc0 = legacy_step(type, wb + b * stride, qs + 32 * b, meta + b, acc0, &accm, vnni);
        b += 4;
    }
    float tail;
    switch (type) {
    case FC_TYPE_Q4_0: tail = blocks_q4_0(w, qs, meta, b, nb, vnni); break;
    case FC_TYPE_Q4_1: tail = blocks_q4_1(w, qs, meta, b, nb, vnni); break;
    case FC_TYPE_Q5_0: tail = blocks_q5_0(w, qs, meta, b, nb, vnni); break;
    default: tail = blocks_q5_1(w, qs, meta, b, nb, vnni); break;
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc0, acc1), accm)) + tail;
}

#define DEFINE_LEGACY(name, type)                                                                         \
    static float name##_vnni(int64_t k, const void *w, const void *x) { return dot_legacy_impl(type, k, w, x, 1); } \
    static float name##_bw(int64_t k, const void *w, const void *x) { return dot_legacy_impl(type, k, w, x, 0); }
DEFINE_LEGACY(dot_q4_0, FC_TYPE_Q4_0)
DEFINE_LEGACY(dot_q4_1, FC_TYPE_Q4_1)
DEFINE_LEGACY(dot_q5_0, FC_TYPE_Q5_0)
DEFINE_LEGACY(dot_q5_1, FC_TYPE_Q5_1)

/* Q8_0: 2 blocks per zmm, 4 per step. VNNI: w + 128 is the unsigned side and 128 * sum(x) comes off;
 * otherwise the sign of w moves onto x (masked negate). Partial sums of the two zmm are regrouped so that
 * 128-bit chunk c belongs to block c, matching the meta and scale layouts. */
INLINE float dot_q8_0_impl(int64_t k, const void *w, const void *x, const int vnni) {
    const block_q8_0 *wb = w;
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const int64_t nb = k / 32;
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    /* word offsets of the 4 scales in a 136-byte group: 0, 17, 34, 51 */
    const __m512i didx = _mm512_setr_epi32(0, 0, 17 | 17 << 16, 17 | 17 << 16, 34 | 34 << 16, 34 | 34 << 16,
                                           51 | 51 << 16, 51 | 51 << 16, 0, 0, 0, 0, 0, 0, 0, 0);
    __m512 acc = _mm512_setzero_ps();
    int64_t b = 0;
    for (; b + 4 <= nb; b += 4) {
        const block_q8_0 *g = wb + b;
        fc_prefetch_ahead(g, 4 * sizeof(block_q8_0));
        const __m512i w01 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)g[0].qs)),
                                               _mm256_loadu_si256((const __m256i *)g[1].qs), 1);
        const __m512i w23 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)g[2].qs)),
                                               _mm256_loadu_si256((const __m256i *)g[3].qs), 1);
        const __m512i x01 = _mm512_loadu_si512(qs + 32 * b), x23 = _mm512_loadu_si512(qs + 32 * b + 64);
        const __m512i mt = _mm512_loadu_si512(meta + b);
        __m512i a, c;
        if (vnni) {
            a = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_xor_si512(w01, flip), x01);
            c = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_xor_si512(w23, flip), x23);
        } else {
            const __m512i zero = _mm512_setzero_si512();
            const __m512i s01 = _mm512_mask_sub_epi8(x01, _mm512_movepi8_mask(w01), zero, x01);
            const __m512i s23 = _mm512_mask_sub_epi8(x23, _mm512_movepi8_mask(w23), zero, x23);
            a = dot_u8s8(zero, _mm512_abs_epi8(w01), s01, 0);
            c = dot_u8s8(zero, _mm512_abs_epi8(w23), s23, 0);
        }
        __m512i i = _mm512_add_epi32(_mm512_shuffle_i64x2(a, c, _MM_SHUFFLE(2, 0, 2, 0)),
                                     _mm512_shuffle_i64x2(a, c, _MM_SHUFFLE(3, 1, 3, 1)));
        if (vnni) i = _mm512_add_epi32(i, bias_init(mt, 128));
        const __m512i h = _mm512_permutex2var_epi16(_mm512_loadu_si512(g), didx, _mm512_loadu_si512((const char *)g + 64));
        const __m512 s = _mm512_mul_ps(_mm512_cvtph_ps(_mm512_castsi512_si256(h)), chunk_d(mt));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i), s, acc);
    }
    return _mm512_reduce_add_ps(acc) + blocks_q8_0(w, qs, meta, b, nb, vnni);
}

static float dot_q8_0_vnni(int64_t k, const void *w, const void *x) { return dot_q8_0_impl(k, w, x, 1); }
static float dot_q8_0_bw(int64_t k, const void *w, const void *x) { return dot_q8_0_impl(k, w, x, 0); }

/* ---- float weights ---------------------------------------------------------------------------- */

/* 16 weights of row w from element i as floats; n < 16 reads only n (masked). */
typedef float load_f32_elem;
typedef fc_fp16 load_f16_elem;
typedef fc_bf16 load_bf16_elem;
INLINE __m512 load_f32(const void *w, int64_t i, __mmask16 m) { return _mm512_maskz_loadu_ps(m, (const float *)w + i); }
INLINE __m512 load_f16(const void *w, int64_t i, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, (const fc_fp16 *)w + i));
}
INLINE __m512 load_bf16(const void *w, int64_t i, __mmask16 m) {
    const __m256i h = _mm256_maskz_loadu_epi16(m, (const fc_bf16 *)w + i);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

#define DEFINE_FLOAT(name, load)                                                                          \
    static float dot_##name(int64_t k, const void *w, const void *vx) {                                   \
        const float *x = vx;                                                                              \
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                                       \
        int64_t i = 0;                                                                                    \
        for (; i + 64 <= k; i += 64) {                                                                    \
            fc_prefetch_ahead((const char *)w + i * (int64_t)sizeof(load##_elem), 64 * sizeof(load##_elem));  \
            a0 = _mm512_fmadd_ps(load(w, i, 0xFFFF), _mm512_loadu_ps(x + i), a0);                         \
            a1 = _mm512_fmadd_ps(load(w, i + 16, 0xFFFF), _mm512_loadu_ps(x + i + 16), a1);               \
            a2 = _mm512_fmadd_ps(load(w, i + 32, 0xFFFF), _mm512_loadu_ps(x + i + 32), a2);               \
            a3 = _mm512_fmadd_ps(load(w, i + 48, 0xFFFF), _mm512_loadu_ps(x + i + 48), a3);               \
        }                                                                                                 \
        for (; i < k; i += 16) {                                                                          \
            const __mmask16 m = k - i >= 16 ? 0xFFFF : (__mmask16)((1u << (k - i)) - 1);                  \
            a0 = _mm512_fmadd_ps(load(w, i, m), _mm512_maskz_loadu_ps(m, x + i), a0);                     \
        }                                                                                                 \
        return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));         \
    }                                                                                                     \
    /* 4 weight rows x 4 activation rows: 16 accumulators, each weight vector converted once. */          \
    static void dot4_##name(int64_t k, const void *w, size_t row_bytes, const float *const *xs, float *out) { \
        const char *wr = w;                                                                               \
        __m512 acc[4][4];                                                                                 \
        _Pragma("GCC unroll 4") for (int r = 0; r < 4; r++)                                               \
        _Pragma("GCC unroll 4") for (int j = 0; j < 4; j++) acc[r][j] = _mm512_setzero_ps();              \
        for (int64_t i = 0; i < k; i += 16) {                                                             \
            const __mmask16 m = k - i >= 16 ? 0xFFFF : (__mmask16)((1u << (k - i)) - 1);                  \
            __m512 wv[4];                                                                                 \
            _Pragma("GCC unroll 4") for (int j = 0; j < 4; j++) wv[j] = load(wr + j * row_bytes, i, m);   \
            _Pragma("GCC unroll 4") for (int r = 0; r < 4; r++) {                                         \
                const __m512 xv = _mm512_maskz_loadu_ps(m, xs[r] + i);                                    \
                _Pragma("GCC unroll 4") for (int j = 0; j < 4; j++) acc[r][j] = _mm512_fmadd_ps(wv[j], xv, acc[r][j]); \
            }                                                                                             \
        }                                                                                                 \
        for (int r = 0; r < 4; r++)                                                                       \
            for (int j = 0; j < 4; j++) out[r * 4 + j] = _mm512_reduce_add_ps(acc[r][j]);                \
    }

DEFINE_FLOAT(f32, load_f32)
DEFINE_FLOAT(f16, load_f16)
DEFINE_FLOAT(bf16, load_bf16)

void fc_mm_kernels_avx512(int32_t type, int vnni, fc_mm_kernels *out) {
    out->path = vnni ? "avx512_vnni" : "avx512";
    out->quant = act_quantize;
    switch (type) {
    case FC_TYPE_F32: out->quant = NULL; out->dot = dot_f32; out->dot4 = dot4_f32; out->path = "avx512"; break;
    case FC_TYPE_F16: out->quant = NULL; out->dot = dot_f16; out->dot4 = dot4_f16; out->path = "avx512"; break;
    case FC_TYPE_BF16: out->quant = NULL; out->dot = dot_bf16; out->dot4 = dot4_bf16; out->path = "avx512"; break;
    case FC_TYPE_Q4_0: out->dot = vnni ? dot_q4_0_vnni : dot_q4_0_bw; break;
    case FC_TYPE_Q8_0: out->dot = vnni ? dot_q8_0_vnni : dot_q8_0_bw; break;
    case FC_TYPE_Q4_1: out->dot = vnni ? dot_q4_1_vnni : dot_q4_1_bw; break;
    case FC_TYPE_Q5_0: out->dot = vnni ? dot_q5_0_vnni : dot_q5_0_bw; break;
    case FC_TYPE_Q5_1: out->dot = vnni ? dot_q5_1_vnni : dot_q5_1_bw; break;
    case FC_TYPE_Q4_K: case FC_TYPE_Q5_K: case FC_TYPE_Q6_K: out->dot = fc_dot_k_avx512(type, vnni); break;
    default: out->quant = NULL; out->path = NULL; return;
    }
    fc_panel_kernels_avx512(type, vnni, out);
}
