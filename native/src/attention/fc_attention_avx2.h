/*
 * What the AVX2 attention files share (internal): the K/V row loader, the 8-way reduction and prefetching,
 * plus the decode kernels that fc_attention_avx2.c puts in its table: update_raw (fc_attention_raw_avx2.c)
 * and update_heads (fc_attention_heads_avx2.c). Only for files compiled with the AVX2 flags.
 */
#ifndef FC_ATTENTION_AVX2_H
#define FC_ATTENTION_AVX2_H

#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "attention/fc_attention_kernels.h"
#include "ops/fc_vec_exp.h"

/* Row counts are constants after inlining: the row loops unroll and the accumulators stay in registers. */
#define ROWS_INLINE static inline __attribute__((always_inline))

/* Asks for the cache lines of [p, p + bytes) (decode streams the cache from DRAM). */
static inline void prefetch_span(const char *p, int64_t bytes) {
    const uintptr_t last = ((uintptr_t)p + (uintptr_t)bytes - 1) & ~(uintptr_t)63;
    for (uintptr_t line = (uintptr_t)p & ~(uintptr_t)63; line <= last; line += 64)
        _mm_prefetch((const char *)line, _MM_HINT_T0);
}

/* 8 int8 values as f32 (no scale). */
static inline __m256 widen8(const int8_t *qs) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)qs)));
}

/* Elements 8c .. 8c + 7 of a K/V row as f32: `count` (1..8) of them, the rest 0. A partial chunk (the
 * row's tail, F32/F16 only: Q8_0 rows are whole blocks) is read exactly, never past the row. */
ROWS_INLINE __m256 load8(int32_t type, const char *row, int64_t c, int count) {
    if (type == FC_TYPE_F16) {
        const fc_fp16 *h = (const fc_fp16 *)row + 8 * c;
        if (count == 8) return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)h));
        fc_fp16 part[8] = {0};
        memcpy(part, h, (size_t)count * sizeof(fc_fp16));
        return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)part));
    }
    if (type == FC_TYPE_Q8_0) {
        const block_q8_0 *b = (const block_q8_0 *)row + c / 4;
        return _mm256_mul_ps(_mm256_set1_ps(_cvtsh_ss(b->d)), widen8(b->qs + 8 * (c & 3)));
    }
    const float *f = (const float *)row + 8 * c;
    return count == 8 ? _mm256_loadu_ps(f) : _mm256_maskload_ps(f, fc_tail_mask256(count));
}

/* Lane i of the result = sum of the lanes of a[i]. */
static inline __m256 reduce8(const __m256 a[8]) {
    /* per 128-bit half: [a0 a1 a2 a3] partial sums in y0, [a4 .. a7] in y1 */
    const __m256 y0 = _mm256_hadd_ps(_mm256_hadd_ps(a[0], a[1]), _mm256_hadd_ps(a[2], a[3]));
    const __m256 y1 = _mm256_hadd_ps(_mm256_hadd_ps(a[4], a[5]), _mm256_hadd_ps(a[6], a[7]));
    return _mm256_add_ps(_mm256_permute2f128_ps(y0, y1, 0x20), _mm256_permute2f128_ps(y0, y1, 0x31));
}

void fc_attn_update_raw_avx2(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
                             int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores);
void fc_attn_update_heads_avx2(int64_t heads, const float *q, const fc_attn_raw_kv *kv, int64_t n, int64_t d,
                               fc_attn_row_state *state, float *acc, float *scores);

#endif
