/* Portable attention kernels: the reference the SIMD levels are tested against, and the fallback. */
#include <math.h>

#include "attention/fc_attention_kernels.h"
#include "quants/fc_quant_rows.h"

static void f16_to_f32(const fc_fp16 *src, float *dst, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = fc_fp16_to_fp32(src[i]);
}

static void q8_0_to_f32(const block_q8_0 *src, float *dst, int64_t n) { fc_dequantize_row_q8_0(src, dst, n); }

static float dot(const float *a, const float *b, int64_t n) {
    float part[8] = {0}; /* independent partial sums, as the SIMD kernels keep */
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) part[j] += a[i + j] * b[i + j];
    float sum = 0.0f;
    for (; i < n; i++) sum += a[i] * b[i];
    for (int j = 0; j < 8; j++) sum += part[j];
    return sum;
}

static void update_row(const float *q, const float *k, const float *v, int64_t stride, int64_t n, int64_t d,
                       float scale, fc_attn_row_state *state, float *acc, float *scores) {
    float tile_max = -INFINITY;
    for (int64_t j = 0; j < n; j++) {
        scores[j] = scale * dot(q, k + j * stride, d);
        tile_max = scores[j] > tile_max ? scores[j] : tile_max;
    }
    const float new_max = tile_max > state->max ? tile_max : state->max;
    /* exp(old max - new max) rescales what was accumulated against the old maximum (0 on the first tile). */
    const float correction = state->max == -INFINITY ? 0.0f : expf(state->max - new_max);
    float sum = 0.0f;
    for (int64_t j = 0; j < n; j++) {
        scores[j] = expf(scores[j] - new_max);
        sum += scores[j];
    }
    state->sum = state->sum * correction + sum;
    state->max = new_max;
    if (correction != 1.0f)
        for (int64_t i = 0; i < d; i++) acc[i] *= correction;
    for (int64_t j = 0; j < n; j++) {
        const float p = scores[j];
        const float *vj = v + j * stride;
        for (int64_t i = 0; i < d; i++) acc[i] += p * vj[i];
    }
}

static void update(int rows, const float *const *q, const float *k, const float *v, int64_t stride, int64_t n,
                   int64_t d, float scale, fc_attn_row_state *state, float *acc, float *scores) {
    for (int r = 0; r < rows; r++) update_row(q[r], k, v, stride, n, d, scale, &state[r], acc + r * d, scores);
}

const fc_attn_kernels fc_attn_kernels_scalar = {1, 0, f16_to_f32, q8_0_to_f32, update, NULL, NULL, NULL};
