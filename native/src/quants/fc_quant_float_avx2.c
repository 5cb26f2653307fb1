/* F16 rows with F16C, eight halves per instruction; the tail goes through the scalar conversions. */
#include <immintrin.h>

#include "fc_quant_kernels.h"

void fc_dequantize_row_f16_avx2(const void *vx, float *y, int64_t k) {
    const fc_fp16 *x = vx;
    int64_t i = 0;
    for (; i + 8 <= k; i += 8)
        _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i))));
    for (; i < k; i++) y[i] = fc_fp16_to_fp32(x[i]);
}

void fc_quantize_row_f16_avx2(const float *x, void *vy, int64_t k) {
    fc_fp16 *y = vy;
    int64_t i = 0;
    for (; i + 8 <= k; i += 8)
        _mm_storeu_si128((__m128i *)(y + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < k; i++) y[i] = fc_fp32_to_fp16(x[i]);
}
