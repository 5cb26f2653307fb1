/*
 * Per-type row kernels of the quantization family (internal to native/src/quants; other families go through
 * fc_get_to_float / fc_get_from_float in fc_quant_rows.h). k is a multiple of the type's block size.
 */
#ifndef FC_QUANT_KERNELS_H
#define FC_QUANT_KERNELS_H

#include <stdint.h>

#include "fc_quant_rows.h"

/* Float formats (scalar; the F16 pair has an F16C twin chosen at run time). */
void fc_dequantize_row_f32(const void *x, float *y, int64_t k);
void fc_quantize_row_f32(const float *x, void *y, int64_t k);
void fc_dequantize_row_f16(const void *x, float *y, int64_t k);
void fc_quantize_row_f16(const float *x, void *y, int64_t k);
void fc_dequantize_row_bf16(const void *x, float *y, int64_t k);
void fc_quantize_row_bf16(const float *x, void *y, int64_t k);
void fc_dequantize_row_f16_avx2(const void *x, float *y, int64_t k);
void fc_quantize_row_f16_avx2(const float *x, void *y, int64_t k);

/* Legacy 32-element blocks. */
void fc_dequantize_row_q4_0(const void *x, float *y, int64_t k);
void fc_quantize_row_q4_0(const float *x, void *y, int64_t k);
void fc_dequantize_row_q4_1(const void *x, float *y, int64_t k);
void fc_quantize_row_q4_1(const float *x, void *y, int64_t k);
void fc_dequantize_row_q5_0(const void *x, float *y, int64_t k);
void fc_quantize_row_q5_0(const float *x, void *y, int64_t k);
void fc_dequantize_row_q5_1(const void *x, float *y, int64_t k);
void fc_quantize_row_q5_1(const float *x, void *y, int64_t k);

/* K-quants: 256-element super-blocks. */
void fc_dequantize_row_q4_K(const void *x, float *y, int64_t k);
void fc_quantize_row_q4_K(const float *x, void *y, int64_t k);
void fc_dequantize_row_q5_K(const void *x, float *y, int64_t k);
void fc_quantize_row_q5_K(const float *x, void *y, int64_t k);
void fc_dequantize_row_q6_K(const void *x, float *y, int64_t k);
void fc_quantize_row_q6_K(const float *x, void *y, int64_t k);

/* The 6-bit scale j (0..7) and min j of a Q4_K / Q5_K super-block's 12 packed bytes. */
static inline void fc_k4_scale_min(int j, const uint8_t *packed, uint8_t *scale, uint8_t *min) {
    if (j < 4) { /* bytes 0..3 and 4..7 hold the low 6 bits of scales 0..3 and mins 0..3 */
        *scale = packed[j] & 63;
        *min = packed[j + 4] & 63;
    } else {     /* bytes 8..11 hold the low 4 bits of scales/mins 4..7; their top 2 bits sit above bytes 0..7 */
        *scale = (uint8_t)((packed[j + 4] & 0x0f) | ((packed[j - 4] >> 6) << 4));
        *min = (uint8_t)((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4));
    }
}

/* Name of a type as ggml spells it ("q4_K"), or NULL for a number without kernels here. */
const char *fc_quant_type_name(int32_t type);

#endif
