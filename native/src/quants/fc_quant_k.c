/*
 * Q4_K, Q5_K, Q6_K quantizers (this project's own search, not ggml's): every sub-block gets a least-squares
 * scale (and offset), those are quantized against one fp16 super-block scale (6-bit for Q4_K/Q5_K, 8-bit
 * signed for Q6_K), and each sub-block then tries its quantized scale +-1 (and min +-1), keeping the choice
 * with the smallest squared error after re-rounding its elements. The bit layouts are documented in
 * fc_quant_k_dequant.c.
 */
#include <math.h>
#include <string.h>

#include "fc_quant_k_fit.h"
#include "fc_quant_kernels.h"

#define SUB_AFFINE 32 /* Q4_K / Q5_K sub-block */
#define SUB_SYM 16    /* Q6_K sub-block */

typedef struct {
    fc_fp16 d, dmin;
    uint8_t scale[8], min[8];
    uint8_t L[QK_K]; /* 0..nmax */
} affine_superblock;

/* Shared by Q4_K (nmax 15) and Q5_K (nmax 31). */
static void quantize_affine(const float *x, int nmax, affine_superblock *out) {
    float scales[8], offsets[8], max_scale = 0.0f, max_offset = 0.0f;
    for (int j = 0; j < 8; j++) {
        fc_fit_scale_offset(x + SUB_AFFINE * j, SUB_AFFINE, nmax, out->L + SUB_AFFINE * j, &scales[j], &offsets[j]);
        max_scale = fmaxf(max_scale, scales[j]);
        max_offset = fmaxf(max_offset, offsets[j]);
    }
    out->d = FC_FP32_TO_FP16(max_scale / 63.0f);
    out->dmin = FC_FP32_TO_FP16(max_offset / 63.0f);
    const float d = FC_FP16_TO_FP32(out->d), dmin = FC_FP16_TO_FP32(out->dmin);
    for (int j = 0; j < 8; j++) {
        const float *xs = x + SUB_AFFINE * j;
        const int s0 = d > 0.0f ? fc_quant_level(scales[j] / d, 0, 63) : 0;
        const int m0 = dmin > 0.0f ? fc_quant_level(offsets[j] / dmin, 0, 63) : 0;
        float best = INFINITY;
        uint8_t trial[SUB_AFFINE];
        for (int s = s0 - 1; s <= s0 + 1; s++) {
            for (int m = m0 - 1; m <= m0 + 1; m++) {
                if (s < 0 || s > 63 || m < 0 || m > 63) continue;
                /* the same float products the dequantizer forms: (d * scale) * q - dmin * min */
                const float err = fc_requantize_offset(xs, SUB_AFFINE, nmax, d * s, dmin * m, trial);
                if (err < best || best == INFINITY) {
                    best = err;
                    out->scale[j] = (uint8_t)s;
                    out->min[j] = (uint8_t)m;
                    memcpy(out->L + SUB_AFFINE * j, trial, sizeof trial);
                }
            }
        }
    }
}

/* Scales and mins 0..3 in the low 6 bits of bytes 0..3 / 4..7; 4..7 split into a nibble of bytes 8..11
 * and two bits on top of bytes 0..3 (scales) / 4..7 (mins). */
static void pack_scales_mins(const uint8_t scale[8], const uint8_t min[8], uint8_t packed[K_SCALE_SIZE]) {
    for (int j = 0; j < 4; j++) {
        packed[j] = scale[j];
        packed[j + 4] = min[j];
    }
    for (int j = 4; j < 8; j++) {
        packed[j + 4] = (uint8_t)((scale[j] & 0x0f) | (min[j] & 0x0f) << 4);
        packed[j - 4] |= (uint8_t)((scale[j] >> 4) << 6);
        packed[j] |= (uint8_t)((min[j] >> 4) << 6);
    }
}

void fc_quantize_row_q4_K(const float *x, void *vy, int64_t k) {
    block_q4_K *y = vy;
    affine_superblock sb;
    for (int64_t i = 0; i < k / QK_K; i++, x += QK_K) {
        quantize_affine(x, 15, &sb);
        y[i].d = sb.d;
        y[i].dmin = sb.dmin;
        pack_scales_mins(sb.scale, sb.min, y[i].scales);
        for (int c = 0; c < 4; c++)
            for (int l = 0; l < 32; l++)
                y[i].qs[32 * c + l] = (uint8_t)(sb.L[64 * c + l] | sb.L[64 * c + 32 + l] << 4);
    }
}

void fc_quantize_row_q5_K(const float *x, void *vy, int64_t k) {
    block_q5_K *y = vy;
    affine_superblock sb;
    for (int64_t i = 0; i < k / QK_K; i++, x += QK_K) {
        quantize_affine(x, 31, &sb);
        y[i].d = sb.d;
        y[i].dmin = sb.dmin;
        pack_scales_mins(sb.scale, sb.min, y[i].scales);
        memset(y[i].qh, 0, sizeof y[i].qh);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                const uint8_t lo = sb.L[64 * c + l], hi = sb.L[64 * c + 32 + l];
                y[i].qs[32 * c + l] = (uint8_t)((lo & 0x0f) | (hi & 0x0f) << 4);
                y[i].qh[l] |= (uint8_t)((lo >> 4) << (2 * c) | (hi >> 4) << (2 * c + 1));
            }
        }
    }
}

void fc_quantize_row_q6_K(const float *x, void *vy, int64_t k) {
    block_q6_K *y = vy;
    for (int64_t i = 0; i < k / QK_K; i++, x += QK_K) {
        float scales[QK_K / SUB_SYM], extreme = 0.0f;
        int8_t L[QK_K];
        for (int j = 0; j < QK_K / SUB_SYM; j++) {
            fc_fit_symmetric(x + SUB_SYM * j, SUB_SYM, 32, L + SUB_SYM * j, &scales[j]);
            if (fabsf(scales[j]) > fabsf(extreme)) extreme = scales[j];
        }
        /* the largest scale lands on -128 so the int8 range is used in full */
        y[i].d = FC_FP32_TO_FP16(extreme / -128.0f);
        const float d = FC_FP16_TO_FP32(y[i].d);
        for (int j = 0; j < QK_K / SUB_SYM; j++) {
            const float *xs = x + SUB_SYM * j;
            const int s0 = d != 0.0f ? fc_quant_level(scales[j] / d, -128, 127) : 0;
            float best = INFINITY;
            int8_t trial[SUB_SYM];
            for (int s = s0 - 1; s <= s0 + 1; s++) {
                if (s < -128 || s > 127) continue;
                const float err = fc_requantize_symmetric(xs, SUB_SYM, 32, d * s, trial);
                if (err < best || best == INFINITY) {
                    best = err;
                    y[i].scales[j] = (int8_t)s;
                    memcpy(L + SUB_SYM * j, trial, sizeof trial);
                }
            }
        }
        memset(y[i].ql, 0, sizeof y[i].ql);
        memset(y[i].qh, 0, sizeof y[i].qh);
        for (int e = 0; e < QK_K; e++) {
            const int q = L[e] + 32, h = e / 128, g = (e % 128) / 32, l = e % 32;
            y[i].ql[64 * h + 32 * (g & 1) + l] |= (uint8_t)((q & 0x0f) << (4 * (g >> 1)));
            y[i].qh[32 * h + l] |= (uint8_t)((q >> 4) << (2 * g));
        }
    }
}
