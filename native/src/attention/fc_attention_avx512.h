/*
 * What the AVX-512 attention files share (internal): masks, int8 widening, the K/V row loader, the
 * transposing reduction, prefetching and the exp of the online softmax, plus the decode kernels that
 * fc_attention_avx512.c puts in its table: update_raw (fc_attention_raw_avx512.c) and update_heads
 * (fc_attention_heads_avx512.c). Only for files compiled with the AVX-512 flags.
 */
#ifndef FC_ATTENTION_AVX512_H
#define FC_ATTENTION_AVX512_H

#include <math.h>
#include <stdint.h>

#include "attention/fc_attention_kernels.h"
#include "ops/fc_vec_exp.h"

/* The kernels take their row counts as constants; always_inline with a constant `rows` lets the compiler
 * unroll the row loops and keep every accumulator in a register (4 rows x 4 keys: 16 of the 32). */
#define ROWS_INLINE static inline __attribute__((always_inline))

/* The lanes of a 16-lane vector that `remaining` elements fill. */
static inline __mmask16 tail_mask(int64_t remaining) {
    return remaining >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << remaining) - 1);
}

/* 16 int8 values as f32 (no scale). */
static inline __m512 widen_q8(const int8_t *qs) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)qs)));
}

/* 16 elements of a K/V row starting at element 16 * c, as f32 (lanes outside `m` read as 0). */
ROWS_INLINE __m512 load16(int32_t type, const char *row, int64_t c, int masked, __mmask16 m) {
    if (type == FC_TYPE_F16) {
        const fc_fp16 *h = (const fc_fp16 *)row + 16 * c;
        return _mm512_cvtph_ps(masked ? _mm256_maskz_loadu_epi16(m, h) : _mm256_loadu_si256((const __m256i *)h));
    }
    if (type == FC_TYPE_Q8_0) { /* head_dim % 32 == 0: a chunk is all in or (past head_dim) all out */
        if (masked && !m) return _mm512_setzero_ps();
        const block_q8_0 *b = (const block_q8_0 *)row + c / 2;
        return _mm512_mul_ps(_mm512_set1_ps(_cvtsh_ss(b->d)), widen_q8(b->qs + 16 * (c & 1)));
    }
    const float *f = (const float *)row + 16 * c;
    return masked ? _mm512_maskz_loadu_ps(m, f) : _mm512_loadu_ps(f);
}

/* Asks for the cache lines of [p, p + bytes): decode streams the cache from DRAM, and without this the
 * out-of-order window covers the latency of only a few rows. */
static inline void prefetch_span(const char *p, int64_t bytes) {
    const uintptr_t last = ((uintptr_t)p + (uintptr_t)bytes - 1) & ~(uintptr_t)63;
    for (uintptr_t line = (uintptr_t)p & ~(uintptr_t)63; line <= last; line += 64)
        _mm_prefetch((const char *)line, _MM_HINT_T0);
}

/* Lane i of the result = sum of the lanes of a[i]. */
static inline __m512 reduce16(const __m512 *a) {
    __m512 x[8], y[4];
    for (int i = 0; i < 8; i++) /* per 128-bit lane: [a(2i) a(2i+1) a(2i) a(2i+1)] partial sums */
        x[i] = _mm512_add_ps(_mm512_unpacklo_ps(a[2 * i], a[2 * i + 1]), _mm512_unpackhi_ps(a[2 * i], a[2 * i + 1]));
    for (int i = 0; i < 4; i++) /* per 128-bit lane: [a(4i) .. a(4i+3)] */
        y[i] = _mm512_add_ps(_mm512_shuffle_ps(x[2 * i], x[2 * i + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                             _mm512_shuffle_ps(x[2 * i], x[2 * i + 1], _MM_SHUFFLE(3, 2, 3, 2)));
    const __m512 z0 = _mm512_add_ps(_mm512_shuffle_f32x4(y[0], y[1], 0x44), _mm512_shuffle_f32x4(y[0], y[1], 0xee));
    const __m512 z1 = _mm512_add_ps(_mm512_shuffle_f32x4(y[2], y[3], 0x44), _mm512_shuffle_f32x4(y[2], y[3], 0xee));
    return _mm512_add_ps(_mm512_shuffle_f32x4(z0, z1, 0x88), _mm512_shuffle_f32x4(z0, z1, 0xdd));
}

/* exp(x) for x <= 0 (-inf gives 0), as 2^(x log2 e): Cephes exp2f's degree-6 polynomial on the fraction
 * and vscalefps for the power of two, 11 operations where fc_exp512 takes about 18 (its extra accuracy,
 * 5e-9 against 2e-7 relative here, is far below what an f16/q8_0 cache keeps). NaN stays NaN. */
static inline __m512 exp_nonpositive(__m512 x) {
    x = _mm512_max_ps(_mm512_set1_ps(-150.0f), _mm512_mul_ps(x, _mm512_set1_ps(FC_LOG2E))); /* 2^-150 scales to 0 */
    const __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.535336188319500e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.339887440266574e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.618437357674640e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550332471162809e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.402264791363012e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931472028550421e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

void fc_attn_update_raw_avx512(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
                               int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores);
void fc_attn_round_q8_avx512(const float *q, int64_t d, fc_attn_q8_row *out);
void fc_attn_update_heads_avx512(int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n, int64_t d,
                                 fc_attn_row_state *state, float *acc, float *scores);

#endif
