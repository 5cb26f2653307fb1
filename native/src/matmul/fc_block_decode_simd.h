/*
 * The decoders of fc_block_decode.h written with AVX2 intrinsics (the compiler does not vectorise the
 * scalar ones once inlined): a block of 32 values becomes one __m256i of unsigned bytes in natural order,
 * plus its scale(s) and offset. Included by the AVX2 and AVX-512 translation units only.
 */
#ifndef FC_BLOCK_DECODE_SIMD_H
#define FC_BLOCK_DECODE_SIMD_H

#include <immintrin.h>

#include "fc_block_decode.h"

#define SIMD_INLINE static inline __attribute__((always_inline))

/* Matvec streams weights from DRAM; the hardware prefetchers alone leave a core ~25% short of the read
 * bandwidth (measured: Q4_0 31 -> 41 GB/s on one Zen 5 core). Each step asks for the bytes it consumes,
 * FC_PREFETCH_AHEAD further on: past the end of a row is the next row (rows are contiguous); past the end
 * of the matrix a prefetch is harmless. */
#define FC_PREFETCH_AHEAD 12288
SIMD_INLINE void fc_prefetch_ahead(const void *p, size_t bytes) {
    const char *c = (const char *)p + FC_PREFETCH_AHEAD;
    for (size_t o = 0; o < bytes; o += 64) _mm_prefetch(c + o, _MM_HINT_T0);
}

/* 16 bytes of nibbles: low nibbles are values 0..15, high nibbles 16..31. */
SIMD_INLINE __m256i fc_simd_nibbles(const uint8_t *qs) {
    const __m128i q = _mm_loadu_si128((const __m128i *)qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(q, 4), q), _mm256_set1_epi8(0x0F));
}

/* 0x10 in byte j where bit j of the 32-bit qh is set: byte j/8 of qh is spread over bytes 8(j/8)..+7, then
 * each byte tests its own bit. */
SIMD_INLINE __m256i fc_simd_bit16(const uint8_t *qh_bytes) {
    uint32_t qh;
    memcpy(&qh, qh_bytes, sizeof qh);
    const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32((int)qh),
                                               _mm256_setr_epi64x(0, 0x0101010101010101ll, 0x0202020202020202ll,
                                                                  0x0303030303030303ll));
    const __m256i bits = _mm256_set1_epi64x(0x8040201008040201ll);
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, bits), bits);
    return _mm256_and_si256(set, _mm256_set1_epi8(0x10));
}

SIMD_INLINE __m256i fc_simd_q4_0(const void *row, int64_t b, float *scale, float *offset) {
    const block_q4_0 *x = (const block_q4_0 *)row + b;
    scale[0] = _cvtsh_ss(x->d);
    (void)offset;
    return fc_simd_nibbles(x->qs);
}

SIMD_INLINE __m256i fc_simd_q4_1(const void *row, int64_t b, float *scale, float *offset) {
    const block_q4_1 *x = (const block_q4_1 *)row + b;
    scale[0] = _cvtsh_ss(x->d);
    offset[0] = _cvtsh_ss(x->m);
    return fc_simd_nibbles(x->qs);
}

SIMD_INLINE __m256i fc_simd_q5_0(const void *row, int64_t b, float *scale, float *offset) {
    const block_q5_0 *x = (const block_q5_0 *)row + b;
    scale[0] = _cvtsh_ss(x->d);
    (void)offset;
    return _mm256_or_si256(fc_simd_nibbles(x->qs), fc_simd_bit16(x->qh));
}

SIMD_INLINE __m256i fc_simd_q5_1(const void *row, int64_t b, float *scale, float *offset) {
    const block_q5_1 *x = (const block_q5_1 *)row + b;
    scale[0] = _cvtsh_ss(x->d);
    offset[0] = _cvtsh_ss(x->m);
    return _mm256_or_si256(fc_simd_nibbles(x->qs), fc_simd_bit16(x->qh));
}

/* Q8_0 as q + 128 (vpdpbusd's unsigned side, bias 128) or as raw int8 (signed_u). */
SIMD_INLINE __m256i fc_simd_q8_0(const void *row, int64_t b, float *scale, int signed_u) {
    const block_q8_0 *x = (const block_q8_0 *)row + b;
    scale[0] = _cvtsh_ss(x->d);
    const __m256i q = _mm256_loadu_si256((const __m256i *)x->qs);
    return signed_u ? q : _mm256_xor_si256(q, _mm256_set1_epi8((char)0x80));
}

SIMD_INLINE void fc_simd_k4_scales(fc_fp16 d, fc_fp16 dmin, const uint8_t *scales, int j, float *scale,
                                   float *offset) {
    int sc, mn;
    fc_k4_scale_min(j, scales, &sc, &mn);
    scale[0] = _cvtsh_ss(d) * (float)sc;
    offset[0] = -_cvtsh_ss(dmin) * (float)mn;
}

SIMD_INLINE __m256i fc_simd_q4_k(const void *row, int64_t b, float *scale, float *offset) {
    const block_q4_K *x = (const block_q4_K *)row + b / 8;
    const int j = (int)(b % 8);
    fc_simd_k4_scales(x->d, x->dmin, x->scales, j, scale, offset);
    const __m256i q = _mm256_loadu_si256((const __m256i *)(x->qs + 32 * (j / 2)));
    return _mm256_and_si256(_mm256_srli_epi16(q, 4 * (j & 1)), _mm256_set1_epi8(0x0F));
}

SIMD_INLINE __m256i fc_simd_q5_k(const void *row, int64_t b, float *scale, float *offset) {
    const block_q5_K *x = (const block_q5_K *)row + b / 8;
    const int j = (int)(b % 8);
    fc_simd_k4_scales(x->d, x->dmin, x->scales, j, scale, offset);
    const __m256i q = _mm256_loadu_si256((const __m256i *)(x->qs + 32 * (j / 2)));
    const __m256i lo = _mm256_and_si256(_mm256_srli_epi16(q, 4 * (j & 1)), _mm256_set1_epi8(0x0F));
    /* bit j of each qh byte -> 0x10 (16-bit shifts are exact here: the 0x01 mask keeps each byte's own bit) */
    const __m256i h = _mm256_and_si256(_mm256_srli_epi16(_mm256_loadu_si256((const __m256i *)x->qh), j),
                                       _mm256_set1_epi8(0x01));
    return _mm256_or_si256(lo, _mm256_slli_epi16(h, 4));
}

SIMD_INLINE __m256i fc_simd_q6_k(const void *row, int64_t b, float *scale, float *offset) {
    const block_q6_K *x = (const block_q6_K *)row + b / 8;
    const int half = (int)(b % 8) / 4, quarter = (int)(b % 4);
    const __m256i ql = _mm256_loadu_si256((const __m256i *)(x->ql + 64 * half + 32 * (quarter & 1)));
    const __m256i qh = _mm256_loadu_si256((const __m256i *)(x->qh + 32 * half));
    const __m256i lo = _mm256_and_si256(_mm256_srli_epi16(ql, 4 * (quarter >> 1)), _mm256_set1_epi8(0x0F));
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(qh, 2 * quarter), _mm256_set1_epi8(0x03));
    const float d = _cvtsh_ss(x->d);
    const int8_t *sc = x->scales + 8 * half + 2 * quarter;
    scale[0] = d * (float)sc[0];
    scale[1] = d * (float)sc[1];
    (void)offset;
    return _mm256_or_si256(lo, _mm256_slli_epi16(hi, 4));
}

/* The 8 six-bit scales and mins of Q4_K / Q5_K as bytes: scales 0-3 and mins 0-3 are the low 6 bits of
 * bytes 0-3 and 4-7; scales 4-7 take their low nibble from bytes 8-11 and their top 2 bits from the top of
 * bytes 0-3, mins 4-7 the high nibble of bytes 8-11 and the top of bytes 4-7. */
SIMD_INLINE void fc_k4_scales(const uint8_t *packed, uint8_t sc[8], uint8_t mn[8]) {
    uint32_t w0, w1, w2;
    memcpy(&w0, packed, 4);
    memcpy(&w1, packed + 4, 4);
    memcpy(&w2, packed + 8, 4);
    const uint32_t s_lo = w0 & 0x3f3f3f3fu, m_lo = w1 & 0x3f3f3f3fu;
    const uint32_t s_hi = (w2 & 0x0f0f0f0fu) | (((w0 >> 6) & 0x03030303u) << 4);
    const uint32_t m_hi = ((w2 >> 4) & 0x0f0f0f0fu) | (((w1 >> 6) & 0x03030303u) << 4);
    memcpy(sc, &s_lo, 4);
    memcpy(sc + 4, &s_hi, 4);
    memcpy(mn, &m_lo, 4);
    memcpy(mn + 4, &m_hi, 4);
}

#endif
