/*
 * Per-type row conversions (internal). k is the element count, a multiple of the type's block size.
 * Weight formats: dequantize + reference quantize. Activation formats (Q8_0, Q8_1, Q8_K) are what the
 * matmul kernels quantize x into on the fly.
 */
#ifndef FC_QUANT_ROWS_H
#define FC_QUANT_ROWS_H

#include <stdint.h>

#include "fc_quants.h"

typedef void (*fc_to_float_fn)(const void *src, float *dst, int64_t k);
typedef void (*fc_from_float_fn)(const float *src, void *dst, int64_t k);

/* Dequantize / quantize functions of a type; NULL entries for types without them. */
fc_to_float_fn fc_get_to_float(int32_t type);
fc_from_float_fn fc_get_from_float(int32_t type);

/* Activation quantizers, ggml's reference rounding (roundf of x / d, d = amax / 127). */
void fc_quantize_row_q8_0(const float *x, void *y, int64_t k);
void fc_quantize_row_q8_1(const float *x, void *y, int64_t k);
void fc_quantize_row_q8_K(const float *x, void *y, int64_t k);

/* Dequantizers of the activation formats (tests and reference paths). */
void fc_dequantize_row_q8_0(const void *x, float *y, int64_t k);
void fc_dequantize_row_q8_1(const void *x, float *y, int64_t k);
void fc_dequantize_row_q8_K(const void *x, float *y, int64_t k);

#endif
