/*
 * Per-level building blocks of fc_attention (internal). The tiling, causal limits and thread split live
 * once in fc_attention.c; each level supplies these three functions.
 */
#ifndef FC_ATTENTION_KERNELS_H
#define FC_ATTENTION_KERNELS_H

#include <stdint.h>

#include "fc_quants.h"

/* The running online-softmax state of one query row: max score seen, sum of exp(score - max), and
 * acc = sum of exp(score - max) * v over the keys seen so far (head_dim floats, kept by the caller). */
typedef struct {
    float max;
    float sum;
} fc_attn_row_state;

/* The most query rows one update call takes. */
#define FC_ATTN_MAX_ROWS 4

typedef struct {
    /* Rows per update call this level handles best (1..FC_ATTN_MAX_ROWS). */
    int max_rows;
    /* Converts one K/V row of n elements to f32 (n a multiple of 32 for Q8_0). */
    void (*f16_to_f32)(const fc_fp16 *src, float *dst, int64_t n);
    void (*q8_0_to_f32)(const block_q8_0 *src, float *dst, int64_t n);
    /* Folds keys/values 0..n-1 (rows `stride` floats apart) into the state and accumulator of `rows`
     * (1..max_rows) query rows that see all n of them: scores s_j = scale * q.k_j, then max/sum/acc rescaled
     * to the new maximum. The rows share every K and V load. acc holds the rows' accumulators head_dim
     * floats apart; `scores` is rows * n floats of scratch. n >= 1. */
    void (*update)(int rows, const float *const *q, const float *k, const float *v, int64_t stride, int64_t n,
                   int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores);
} fc_attn_kernels;

extern const fc_attn_kernels fc_attn_kernels_scalar;
extern const fc_attn_kernels fc_attn_kernels_avx2;
extern const fc_attn_kernels fc_attn_kernels_avx512;

/* The kernels of the current level. */
const fc_attn_kernels *fc_attn_kernels_current(void);

#endif
