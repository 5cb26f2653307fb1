/*
 * Q4_0, Q4_1, Q5_0, Q5_1: blocks of 32 with one fp16 scale (and an fp16 minimum for the _1 kinds).
 * Byte j of qs holds element j in its low nibble and element j + 16 in its high nibble; the Q5 kinds keep
 * the fifth bit of element j in bit j of qh (a little-endian u32). Quantization follows ggml's reference
 * rounding so files written by llama.cpp's quantize tool are reproduced byte for byte.
 */
#include <float.h>
#include <math.h>

#include "fc_quant_kernels.h"

#define HALF 16 /* elements j and j + HALF share a byte of qs */

static inline uint32_t load_qh(const uint8_t qh[4]) {
    return (uint32_t)qh[0] | (uint32_t)qh[1] << 8 | (uint32_t)qh[2] << 16 | (uint32_t)qh[3] << 24;
}

static inline void store_qh(uint8_t qh[4], uint32_t bits) {
    for (int i = 0; i < 4; i++) qh[i] = (uint8_t)(bits >> (8 * i));
}

/* The value of largest magnitude with its sign (the first one on ties). */
static float signed_absmax(const float *x) {
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < 32; j++) {
        if (fabsf(x[j]) > amax) {
            amax = fabsf(x[j]);
            max = x[j];
        }
    }
    return max;
}

static void min_max(const float *x, float *min, float *max) {
    *min = FLT_MAX;
    *max = -FLT_MAX;
    for (int j = 0; j < 32; j++) {
        if (x[j] < *min) *min = x[j];
        if (x[j] > *max) *max = x[j];
    }
}

/* (int)(v) truncated like ggml's int8 cast, then clamped (the clamp only bites for non-finite input). */
static inline uint8_t trunc_clamp(float v, int hi) {
    const int q = v >= 0.0f && v < 256.0f ? (int)v : 0;
    return (uint8_t)(q > hi ? hi : q);
}

void fc_dequantize_row_q4_0(const void *vx, float *y, int64_t k) {
    const block_q4_0 *x = vx;
    for (int64_t i = 0; i < k / QK4_0; i++, y += QK4_0) {
        const float d = FC_FP16_TO_FP32(x[i].d);
        for (int j = 0; j < HALF; j++) {
            y[j] = ((x[i].qs[j] & 0x0f) - 8) * d;
            y[j + HALF] = ((x[i].qs[j] >> 4) - 8) * d;
        }
    }
}

/* d maps the signed extreme to -8, so the full range -8..7 is used (the opposite end may clip to 7). */
void fc_quantize_row_q4_0(const float *x, void *vy, int64_t k) {
    block_q4_0 *y = vy;
    for (int64_t i = 0; i < k / QK4_0; i++, x += QK4_0) {
        const float d = signed_absmax(x) / -8.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = FC_FP32_TO_FP16(d);
        for (int j = 0; j < HALF; j++) {
            const uint8_t lo = trunc_clamp(x[j] * id + 8.5f, 15);
            const uint8_t hi = trunc_clamp(x[j + HALF] * id + 8.5f, 15);
            y[i].qs[j] = (uint8_t)(lo | hi << 4);
        }
    }
}

void fc_dequantize_row_q4_1(const void *vx, float *y, int64_t k) {
    const block_q4_1 *x = vx;
    for (int64_t i = 0; i < k / QK4_1; i++, y += QK4_1) {
        const float d = FC_FP16_TO_FP32(x[i].d), m = FC_FP16_TO_FP32(x[i].m);
        for (int j = 0; j < HALF; j++) {
            y[j] = (x[i].qs[j] & 0x0f) * d + m;
            y[j + HALF] = (x[i].qs[j] >> 4) * d + m;
        }
    }
}

void fc_quantize_row_q4_1(const float *x, void *vy, int64_t k) {
    block_q4_1 *y = vy;
    for (int64_t i = 0; i < k / QK4_1; i++, x += QK4_1) {
        float min, max;
        min_max(x, &min, &max);
        const float d = (max - min) / 15.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = FC_FP32_TO_FP16(d);
        y[i].m = FC_FP32_TO_FP16(min);
        for (int j = 0; j < HALF; j++) {
            const uint8_t lo = trunc_clamp((x[j] - min) * id + 0.5f, 15);
            const uint8_t hi = trunc_clamp((x[j + HALF] - min) * id + 0.5f, 15);
            y[i].qs[j] = (uint8_t)(lo | hi << 4);
        }
    }
}

void fc_dequantize_row_q5_0(const void *vx, float *y, int64_t k) {
    const block_q5_0 *x = vx;
    for (int64_t i = 0; i < k / QK5_0; i++, y += QK5_0) {
        const float d = FC_FP16_TO_FP32(x[i].d);
        const uint32_t qh = load_qh(x[i].qh);
        for (int j = 0; j < HALF; j++) {
            const int lo = (x[i].qs[j] & 0x0f) | (int)((qh >> j) & 1) << 4;
            const int hi = (x[i].qs[j] >> 4) | (int)((qh >> (j + HALF)) & 1) << 4;
            y[j] = (lo - 16) * d;
            y[j + HALF] = (hi - 16) * d;
        }
    }
}

void fc_quantize_row_q5_0(const float *x, void *vy, int64_t k) {
    block_q5_0 *y = vy;
    for (int64_t i = 0; i < k / QK5_0; i++, x += QK5_0) {
        const float d = signed_absmax(x) / -16.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = FC_FP32_TO_FP16(d);
        uint32_t qh = 0;
        for (int j = 0; j < HALF; j++) {
            const uint8_t lo = trunc_clamp(x[j] * id + 16.5f, 31);
            const uint8_t hi = trunc_clamp(x[j + HALF] * id + 16.5f, 31);
            y[i].qs[j] = (uint8_t)((lo & 0x0f) | (hi & 0x0f) << 4);
            qh |= (uint32_t)(lo >> 4) << j | (uint32_t)(hi >> 4) << (j + HALF);
        }
        store_qh(y[i].qh, qh);
    }
}

void fc_dequantize_row_q5_1(const void *vx, float *y, int64_t k) {
    const block_q5_1 *x = vx;
    for (int64_t i = 0; i < k / QK5_1; i++, y += QK5_1) {
        const float d = FC_FP16_TO_FP32(x[i].d), m = FC_FP16_TO_FP32(x[i].m);
        const uint32_t qh = load_qh(x[i].qh);
        for (int j = 0; j < HALF; j++) {
            const int lo = (x[i].qs[j] & 0x0f) | (int)((qh >> j) & 1) << 4;
            const int hi = (x[i].qs[j] >> 4) | (int)((qh >> (j + HALF)) & 1) << 4;
            y[j] = lo * d + m;
            y[j + HALF] = hi * d + m;
        }
    }
}

void fc_quantize_row_q5_1(const float *x, void *vy, int64_t k) {
    block_q5_1 *y = vy;
    for (int64_t i = 0; i < k / QK5_1; i++, x += QK5_1) {
        float min, max;
        min_max(x, &min, &max);
        const float d = (max - min) / 31.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = FC_FP32_TO_FP16(d);
        y[i].m = FC_FP32_TO_FP16(min);
        uint32_t qh = 0;
        for (int j = 0; j < HALF; j++) {
            const uint8_t lo = trunc_clamp((x[j] - min) * id + 0.5f, 31);
            const uint8_t hi = trunc_clamp((x[j + HALF] - min) * id + 0.5f, 31);
            y[i].qs[j] = (uint8_t)((lo & 0x0f) | (hi & 0x0f) << 4);
            qh |= (uint32_t)(lo >> 4) << j | (uint32_t)(hi >> 4) << (j + HALF);
        }
        store_qh(y[i].qh, qh);
    }
}
