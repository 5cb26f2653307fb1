/*
 * GGUF block layouts (bit-compatible with ggml) and half-precision conversions shared by every kernel
 * family. Internal: not part of the ABI.
 */
#ifndef FC_QUANTS_H
#define FC_QUANTS_H

#include <stdint.h>
#include <string.h>

#include "fastchat.h"

#define QK4_0 32
#define QK4_1 32
#define QK5_0 32
#define QK5_1 32
#define QK8_0 32
#define QK8_1 32
#define QK_K 256
#define K_SCALE_SIZE 12

typedef uint16_t fc_fp16;
typedef uint16_t fc_bf16;

typedef struct { fc_fp16 d; uint8_t qs[QK4_0 / 2]; } block_q4_0;                       /* x = (q - 8) * d */
typedef struct { fc_fp16 d; fc_fp16 m; uint8_t qs[QK4_1 / 2]; } block_q4_1;             /* x = q * d + m */
typedef struct { fc_fp16 d; uint8_t qh[4]; uint8_t qs[QK5_0 / 2]; } block_q5_0;         /* x = (q - 16) * d */
typedef struct { fc_fp16 d; fc_fp16 m; uint8_t qh[4]; uint8_t qs[QK5_1 / 2]; } block_q5_1;
typedef struct { fc_fp16 d; int8_t qs[QK8_0]; } block_q8_0;                             /* x = q * d */
typedef struct { fc_fp16 d; fc_fp16 s; int8_t qs[QK8_1]; } block_q8_1;                  /* s = d * sum(qs) */

/* Super-blocks of 256: 8 sub-blocks of 32 with 6-bit scales and mins packed in 12 bytes. */
typedef struct { fc_fp16 d; fc_fp16 dmin; uint8_t scales[K_SCALE_SIZE]; uint8_t qs[QK_K / 2]; } block_q4_K;
typedef struct { fc_fp16 d; fc_fp16 dmin; uint8_t scales[K_SCALE_SIZE]; uint8_t qh[QK_K / 8]; uint8_t qs[QK_K / 2]; } block_q5_K;
/* 16 sub-blocks of 16 with 8-bit signed scales; 6-bit quants split in low 4 bits (ql) and high 2 bits (qh). */
typedef struct { uint8_t ql[QK_K / 2]; uint8_t qh[QK_K / 4]; int8_t scales[QK_K / 16]; fc_fp16 d; } block_q6_K;
/* Activations for k-quant dot products: float scale, int8 quants, sums of each 16 quants. */
typedef struct { float d; int8_t qs[QK_K]; int16_t bsums[QK_K / 16]; } block_q8_K;

_Static_assert(sizeof(block_q4_0) == 18, "block_q4_0");
_Static_assert(sizeof(block_q4_1) == 20, "block_q4_1");
_Static_assert(sizeof(block_q5_0) == 22, "block_q5_0");
_Static_assert(sizeof(block_q5_1) == 24, "block_q5_1");
_Static_assert(sizeof(block_q8_0) == 34, "block_q8_0");
_Static_assert(sizeof(block_q8_1) == 36, "block_q8_1");
_Static_assert(sizeof(block_q4_K) == 144, "block_q4_K");
_Static_assert(sizeof(block_q5_K) == 176, "block_q5_K");
_Static_assert(sizeof(block_q6_K) == 210, "block_q6_K");
_Static_assert(sizeof(block_q8_K) == 292, "block_q8_K");

/* IEEE half <-> float, round to nearest even: identical to F16C's vcvtps2ph with rounding mode 0. */
static inline float fc_fp16_to_fp32(fc_fp16 h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    const uint32_t exp = (h >> 10) & 0x1f;
    const uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { /* subnormal: normalise */
            int e = -1;
            uint32_t m = mant;
            do { e++; m <<= 1; } while ((m & 0x400) == 0);
            bits = sign | ((uint32_t)(127 - 15 - e) << 23) | ((m & 0x3ff) << 13);
        }
    } else if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + (127 - 15)) << 23) | (mant << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline fc_fp16 fc_fp32_to_fp16(float f) {
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    const uint32_t sign = (x >> 16) & 0x8000;
    const uint32_t abs = x & 0x7fffffffu;
    if (abs > 0x7f800000u) return (fc_fp16)(sign | 0x7e00 | ((abs >> 13) & 0x3ff)); /* NaN stays NaN */
    if (abs >= 0x477ff000u) return (fc_fp16)(sign | 0x7c00);                      /* overflow -> inf */
    if (abs < 0x38800000u) {                                                      /* half subnormal or zero */
        if (abs < 0x33000000u) return (fc_fp16)sign;                              /* below half of min subnormal */
        const uint32_t e = abs >> 23;
        const uint32_t m = (abs & 0x7fffff) | 0x800000;
        const uint32_t shift = 126 - e; /* 14..24 */
        uint32_t half = m >> shift;
        const uint32_t rem = m & ((1u << shift) - 1);
        const uint32_t mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1))) half++;
        return (fc_fp16)(sign | half);
    }
    uint32_t half = ((abs >> 13) - ((127 - 15) << 10));
    const uint32_t rem = abs & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1))) half++;
    return (fc_fp16)(sign | half);
}

static inline float fc_bf16_to_fp32(fc_bf16 h) {
    const uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* Round to nearest even; NaN kept quiet (as ggml does). */
static inline fc_bf16 fc_fp32_to_bf16(float f) {
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    if ((x & 0x7fffffffu) > 0x7f800000u) return (fc_bf16)((x >> 16) | 64);
    return (fc_bf16)((x + (0x7fff + ((x >> 16) & 1))) >> 16);
}

#define FC_FP16_TO_FP32(x) fc_fp16_to_fp32(x)
#define FC_FP32_TO_FP16(x) fc_fp32_to_fp16(x)

#endif
