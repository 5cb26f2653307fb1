/*
 * What the AVX2 attention files share (internal): the decode kernel of fc_attention_raw_avx2.c that
 * fc_attention_avx2.c puts in its table. Only for files compiled with the AVX2 flags.
 */
#ifndef FC_ATTENTION_AVX2_H
#define FC_ATTENTION_AVX2_H

#include <immintrin.h>

#include "attention/fc_attention_kernels.h"

void fc_attn_update_raw_avx2(int rows, int rows_per_kv, const float *const *q, const fc_attn_raw_kv *kv, int64_t n,
                             int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores);

#endif
