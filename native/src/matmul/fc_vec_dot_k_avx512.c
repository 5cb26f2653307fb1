/*
 * AVX-512 dot kernels of the k-quants (Q4_K, Q5_K, Q6_K) against Q8_K-grouped activations: one super-block
 * of 256 values per step, sub-block scales applied with vpdpwssd (vpmaddwd without VNNI) on the vpmaddubsw
 * pair sums, minima and the Q6_K offset taken off once per super-block from the activation sums.
 */
#include <immintrin.h>

#include "fc_block_decode_simd.h"

#define INLINE static inline __attribute__((always_inline))

/* acc + sum over word pairs of a * b (the sub-block scale multiply folded into the pair sum). */
INLINE __m512i dot_s16(__m512i acc, __m512i a, __m512i b, const int vnni) {
    if (vnni) return _mm512_dpwssd_epi32(acc, a, b);
    return _mm512_add_epi32(acc, _mm512_madd_epi16(a, b));
}

/* Word vector whose 256-bit halves hold words ia and ib of `words` (16 copies each). */
INLINE __m512i two_words(__m512i words, int ia, int ib) {
    return _mm512_permutexvar_epi16(_mm512_inserti64x4(_mm512_set1_epi16((short)ia), _mm256_set1_epi16((short)ib), 1),
                                    words);
}

/* The 16 sums of 16 activation quants of a super-block, in order (words 2 and 3 of each 16-byte meta). */
INLINE __m512i sums16(const fc_q8_meta *m) {
    const __m512i idx = _mm512_setr_epi32(2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31);
    return _mm512_permutex2var_epi32(_mm512_loadu_si512(m), idx, _mm512_loadu_si512(m + 4));
}

/* Lane j: mins[j] * (sum of the activation quants of sub-block j), for the 8 sub-blocks of a super-block.
 * The caller adds the lanes up once per row rather than once per super-block. Sums of 16 int8 quants fit
 * int16, so one vpmaddwd does the products and the pair sums. */
INLINE __m256i k4_min_products(const uint8_t mn[8], const fc_q8_meta *m) {
    const __m128i b = _mm_loadl_epi64((const __m128i *)mn);
    const __m256i twice = _mm256_cvtepu8_epi16(_mm_unpacklo_epi8(b, b)); /* m0 m0 m1 m1 ... as words */
    return _mm256_madd_epi16(twice, _mm512_cvtepi32_epi16(sums16(m)));
}

/* Q4_K / Q5_K: 64 bytes of nibbles per half super-block; the low nibbles are sub-blocks 4h and 4h + 2, the
 * high ones 4h + 1 and 4h + 3, so the activations are regrouped to match (two 256-bit shuffles). Q5_K's fifth
 * bit of sub-block j is bit j of qh[l]. */
INLINE float dot_k4_impl(int64_t k, const void *w, const void *x, const int vnni, const int five) {
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const __m512i m4 = _mm512_set1_epi8(0x0F), one = _mm512_set1_epi8(1);
    __m512 acc = _mm512_setzero_ps();
    __m256 mins = _mm256_setzero_ps();
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
        const __m512i words = _mm512_castsi128_si512(_mm_cvtepu8_epi16(_mm_loadl_epi64((const __m128i *)sc)));
        const int8_t *xq = qs + 256 * sb;
        const fc_q8_meta *m = meta + 8 * sb;
        __m512i hbits = _mm512_setzero_si512();
        if (five) hbits = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)qh));
        __m512i isum = _mm512_setzero_si512();
        for (int h = 0; h < 2; h++) {
            const __m512i z = _mm512_loadu_si512(q + 64 * h);
            __m512i lo = _mm512_and_si512(z, m4), hi = _mm512_and_si512(_mm512_srli_epi16(z, 4), m4);
            if (five) {
                const __m512i clo = _mm512_inserti64x4(_mm512_set1_epi16((short)(4 * h)), _mm256_set1_epi16((short)(4 * h + 2)), 1);
                const __m512i chi = _mm512_add_epi16(clo, _mm512_set1_epi16(1));
                lo = _mm512_or_si512(lo, _mm512_slli_epi16(_mm512_and_si512(_mm512_srlv_epi16(hbits, clo), one), 4));
                hi = _mm512_or_si512(hi, _mm512_slli_epi16(_mm512_and_si512(_mm512_srlv_epi16(hbits, chi), one), 4));
            }
            const __m512i x0 = _mm512_loadu_si512(xq + 128 * h), x1 = _mm512_loadu_si512(xq + 128 * h + 64);
            const __m512i xlo = _mm512_shuffle_i64x2(x0, x1, _MM_SHUFFLE(1, 0, 1, 0));
            const __m512i xhi = _mm512_shuffle_i64x2(x0, x1, _MM_SHUFFLE(3, 2, 3, 2));
            isum = dot_s16(isum, _mm512_maddubs_epi16(lo, xlo), two_words(words, 4 * h, 4 * h + 2), vnni);
            isum = dot_s16(isum, _mm512_maddubs_epi16(hi, xhi), two_words(words, 4 * h + 1, 4 * h + 3), vnni);
        }
        const float dx = m->d;
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(_cvtsh_ss(d16) * dx), acc);
        mins = _mm256_fmadd_ps(_mm256_cvtepi32_ps(k4_min_products(mn, m)), _mm256_set1_ps(_cvtsh_ss(dmin16) * dx), mins);
    }
    return _mm512_reduce_add_ps(_mm512_sub_ps(acc, _mm512_zextps256_ps512(mins)));
}

/* Q6_K: per half super-block, ql[64] holds quarters 0/1 (low nibbles) and 2/3 (high nibbles) in natural
 * activation order, and the 32 qh bytes give each quarter q its bits 2q..2q+1. One int8 scale per 16 values,
 * in natural order too; the -32 offset comes off as 32 * sum(scale x activation sums of 16). */
INLINE float dot_q6_k_impl(int64_t k, const void *w, const void *x, const int vnni) {
    const int8_t *qs = x;
    const fc_q8_meta *meta = fc_act_meta(x, k);
    const __m512i m4 = _mm512_set1_epi8(0x0F), m2 = _mm512_set1_epi8(0x03);
    const __m512i c01 = _mm512_inserti64x4(_mm512_set1_epi16(0), _mm256_set1_epi16(2), 1);
    const __m512i c23 = _mm512_inserti64x4(_mm512_set1_epi16(4), _mm256_set1_epi16(6), 1);
    /* word w of 4 consecutive scales: 128-bit chunk c gets scale c */
    const __m512i sidx = _mm512_setr_epi32(0, 0, 0, 0, 1 | 1 << 16, 1 | 1 << 16, 1 | 1 << 16, 1 | 1 << 16, 2 | 2 << 16,
                                           2 | 2 << 16, 2 | 2 << 16, 2 | 2 << 16, 3 | 3 << 16, 3 | 3 << 16, 3 | 3 << 16,
                                           3 | 3 << 16);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t sb = 0; sb < k / 256; sb++) {
        const block_q6_K *blk = (const block_q6_K *)w + sb;
        fc_prefetch_ahead(blk, sizeof(block_q6_K));
        const int8_t *xq = qs + 256 * sb;
        const fc_q8_meta *m = meta + 8 * sb;
        const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)blk->scales));
        __m512i isum = _mm512_setzero_si512();
        for (int h = 0; h < 2; h++) {
            const __m512i l = _mm512_loadu_si512(blk->ql + 64 * h);
            const __m512i hb = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(blk->qh + 32 * h)));
            const __m512i u01 = _mm512_or_si512(_mm512_and_si512(l, m4),
                                                _mm512_slli_epi16(_mm512_and_si512(_mm512_srlv_epi16(hb, c01), m2), 4));
            const __m512i u23 = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(l, 4), m4),
                                                _mm512_slli_epi16(_mm512_and_si512(_mm512_srlv_epi16(hb, c23), m2), 4));
            const __m512i x01 = _mm512_loadu_si512(xq + 128 * h), x23 = _mm512_loadu_si512(xq + 128 * h + 64);
            const __m512i s = _mm512_castsi256_si512(sc16);
            const __m512i s01 = _mm512_permutexvar_epi16(_mm512_add_epi16(sidx, _mm512_set1_epi16((short)(8 * h))), s);
            const __m512i s23 = _mm512_permutexvar_epi16(_mm512_add_epi16(sidx, _mm512_set1_epi16((short)(8 * h + 4))), s);
            isum = dot_s16(isum, _mm512_maddubs_epi16(u01, x01), s01, vnni);
            isum = dot_s16(isum, _mm512_maddubs_epi16(u23, x23), s23, vnni);
        }
        const int32_t bias = _mm512_reduce_add_epi32(_mm512_mullo_epi32(_mm512_cvtepi16_epi32(sc16), sums16(m)));
        isum = _mm512_sub_epi32(isum, _mm512_maskz_set1_epi32(1, 32 * bias));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(_cvtsh_ss(blk->d) * m->d), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

static float dot_q4_k_vnni(int64_t k, const void *w, const void *x) { return dot_k4_impl(k, w, x, 1, 0); }
static float dot_q4_k_bw(int64_t k, const void *w, const void *x) { return dot_k4_impl(k, w, x, 0, 0); }
static float dot_q5_k_vnni(int64_t k, const void *w, const void *x) { return dot_k4_impl(k, w, x, 1, 1); }
static float dot_q5_k_bw(int64_t k, const void *w, const void *x) { return dot_k4_impl(k, w, x, 0, 1); }
static float dot_q6_k_vnni(int64_t k, const void *w, const void *x) { return dot_q6_k_impl(k, w, x, 1); }
static float dot_q6_k_bw(int64_t k, const void *w, const void *x) { return dot_q6_k_impl(k, w, x, 0); }


fc_dot_fn fc_dot_k_avx512(int32_t type, int vnni) {
    switch (type) {
    case FC_TYPE_Q4_K: return vnni ? dot_q4_k_vnni : dot_q4_k_bw;
    case FC_TYPE_Q5_K: return vnni ? dot_q5_k_vnni : dot_q5_k_bw;
    case FC_TYPE_Q6_K: return vnni ? dot_q6_k_vnni : dot_q6_k_bw;
    default: return NULL;
    }
}
