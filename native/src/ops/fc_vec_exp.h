/*
 * Vectorised expf for the SIMD kernel files (softmax, swiglu, attention). Included only by *_avx2.c and
 * *_avx512.c files, so each function exists only where its instructions are enabled.
 *
 * exp(x) = 2^n * exp(r) with n = round(x / ln 2) and r = x - n ln 2 in [-ln2/2, ln2/2]; ln 2 is split in a
 * high part (exact in few bits) and a low part so that r keeps full precision (Cody-Waite). exp(r) is its
 * degree-7 Taylor polynomial: the truncation error is below 0.35^8/8! ~ 5e-9, under float rounding.
 * x is clamped to [-87.33, 88.0] so 2^n stays a normal float; inputs below -87.33 (exp < 1.2e-38, and
 * -inf from masked scores) give exactly 0. Results agree with libm expf to a few ulp.
 */
#ifndef FC_VEC_EXP_H
#define FC_VEC_EXP_H

#include <immintrin.h>

#define FC_EXP_LO (-87.33f)
#define FC_EXP_HI 88.0f
#define FC_LOG2E 1.44269504088896341f
#define FC_LN2_HI 0.693359375f
#define FC_LN2_LO (-2.12194440e-4f)

#if defined(__AVX512F__)
static inline __m512 fc_exp512(__m512 x) {
    const __mmask16 underflow = _mm512_cmp_ps_mask(x, _mm512_set1_ps(FC_EXP_LO), _CMP_LT_OQ);
    x = _mm512_min_ps(_mm512_set1_ps(FC_EXP_HI), _mm512_max_ps(_mm512_set1_ps(FC_EXP_LO), x)); /* NaN stays NaN */
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(FC_LOG2E)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(FC_LN2_HI), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(FC_LN2_LO), r);
    __m512 p = _mm512_set1_ps(1.0f / 5040.0f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    /* 2^n built in the exponent field: n is in [-126, 127] after the clamp. */
    const __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    const __m512 result = _mm512_mul_ps(p, _mm512_castsi512_ps(bits));
    return _mm512_maskz_mov_ps((__mmask16)~underflow, result);
}
#endif

#if defined(__AVX2__) && defined(__FMA__)
static inline __m256 fc_exp256(__m256 x) {
    const __m256 underflow = _mm256_cmp_ps(x, _mm256_set1_ps(FC_EXP_LO), _CMP_LT_OQ);
    x = _mm256_min_ps(_mm256_set1_ps(FC_EXP_HI), _mm256_max_ps(_mm256_set1_ps(FC_EXP_LO), x)); /* NaN stays NaN */
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(FC_LOG2E)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(FC_LN2_HI), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(FC_LN2_LO), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    const __m256 result = _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
    return _mm256_andnot_ps(underflow, result);
}

/* Horizontal sum and max of the eight lanes. */
static inline float fc_hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline float fc_hmax256(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* Mask of the first `count` (0..8) lanes, for loads and stores of a row's tail. */
static inline __m256i fc_tail_mask256(int64_t count) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), lanes);
}
#endif

#endif
