/* F32, F16 and BF16 rows (scalar). Half conversions round to nearest even, like F16C and ggml. */
#include <string.h>

#include "fc_quant_kernels.h"

void fc_dequantize_row_f32(const void *x, float *y, int64_t k) { memmove(y, x, (size_t)k * sizeof(float)); }
void fc_quantize_row_f32(const float *x, void *y, int64_t k) { memmove(y, x, (size_t)k * sizeof(float)); }

void fc_dequantize_row_f16(const void *vx, float *y, int64_t k) {
    const fc_fp16 *x = vx;
    for (int64_t i = 0; i < k; i++) y[i] = fc_fp16_to_fp32(x[i]);
}

void fc_quantize_row_f16(const float *x, void *vy, int64_t k) {
    fc_fp16 *y = vy;
    for (int64_t i = 0; i < k; i++) y[i] = fc_fp32_to_fp16(x[i]);
}

void fc_dequantize_row_bf16(const void *vx, float *y, int64_t k) {
    const fc_bf16 *x = vx;
    for (int64_t i = 0; i < k; i++) y[i] = fc_bf16_to_fp32(x[i]);
}

void fc_quantize_row_bf16(const float *x, void *vy, int64_t k) {
    fc_bf16 *y = vy;
    for (int64_t i = 0; i < k; i++) y[i] = fc_fp32_to_bf16(x[i]);
}
