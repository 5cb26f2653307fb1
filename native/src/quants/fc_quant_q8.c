/* The 8-bit formats: Q8_0 (weights and activations), Q8_1 (activations with block sums), Q8_K (k-quant activations). */
#include <math.h>

#include "fc_quant_rows.h"

/* roundf(v) as int8 for |v| <= 127.5; NaN (from NaN or inf input) becomes 0 instead of an undefined cast. */
static inline int8_t round_to_int8(float v) { return v == v ? (int8_t)roundf(v) : 0; }

static float block_amax(const float *x, int n) {
    float amax = 0.0f;
    for (int j = 0; j < n; j++) amax = fmaxf(amax, fabsf(x[j]));
    return amax;
}

void fc_quantize_row_q8_0(const float *x, void *vy, int64_t k) {
    block_q8_0 *y = vy;
    for (int64_t i = 0; i < k / QK8_0; i++, x += QK8_0) {
        const float d = block_amax(x, QK8_0) / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = FC_FP32_TO_FP16(d);
        for (int j = 0; j < QK8_0; j++) y[i].qs[j] = round_to_int8(x[j] * id);
    }
}

void fc_quantize_row_q8_1(const float *x, void *vy, int64_t k) {
    block_q8_1 *y = vy;
    for (int64_t i = 0; i < k / QK8_1; i++, x += QK8_1) {
        const float d = block_amax(x, QK8_1) / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        int sum = 0;
        for (int j = 0; j < QK8_1; j++) {
            y[i].qs[j] = round_to_int8(x[j] * id);
            sum += y[i].qs[j];
        }
        y[i].d = FC_FP32_TO_FP16(d);
        y[i].s = FC_FP32_TO_FP16((float)sum * d);
    }
}

/* Q8_K keeps the sign of the largest-magnitude value at -128 (as ggml does), using the full int8 range. */
void fc_quantize_row_q8_K(const float *x, void *vy, int64_t k) {
    block_q8_K *y = vy;
    for (int64_t i = 0; i < k / QK_K; i++, x += QK_K) {
        float max = 0.0f, amax = 0.0f;
        for (int j = 0; j < QK_K; j++) {
            if (fabsf(x[j]) > amax) {
                amax = fabsf(x[j]);
                max = x[j];
            }
        }
        if (amax == 0.0f) {
            y[i].d = 0.0f;
            memset(y[i].qs, 0, sizeof y[i].qs);
            memset(y[i].bsums, 0, sizeof y[i].bsums);
            continue;
        }
        const float iscale = -128.0f / max;
        for (int j = 0; j < QK_K; j++) {
            const float r = nearbyintf(iscale * x[j]);
            const int v = r == r ? (int)r : 0;
            y[i].qs[j] = (int8_t)(v > 127 ? 127 : v);
        }
        for (int j = 0; j < QK_K / 16; j++) {
            int sum = 0;
            for (int l = 0; l < 16; l++) sum += y[i].qs[j * 16 + l];
            y[i].bsums[j] = (int16_t)sum;
        }
        y[i].d = 1.0f / iscale;
    }
}

void fc_dequantize_row_q8_0(const void *vx, float *y, int64_t k) {
    const block_q8_0 *x = vx;
    for (int64_t i = 0; i < k / QK8_0; i++) {
        const float d = FC_FP16_TO_FP32(x[i].d);
        for (int j = 0; j < QK8_0; j++) y[i * QK8_0 + j] = x[i].qs[j] * d;
    }
}

void fc_dequantize_row_q8_1(const void *vx, float *y, int64_t k) {
    const block_q8_1 *x = vx;
    for (int64_t i = 0; i < k / QK8_1; i++) {
        const float d = FC_FP16_TO_FP32(x[i].d);
        for (int j = 0; j < QK8_1; j++) y[i * QK8_1 + j] = x[i].qs[j] * d;
    }
}

void fc_dequantize_row_q8_K(const void *vx, float *y, int64_t k) {
    const block_q8_K *x = vx;
    for (int64_t i = 0; i < k / QK_K; i++)
        for (int j = 0; j < QK_K; j++) y[i * QK_K + j] = x[i].qs[j] * x[i].d;
}
