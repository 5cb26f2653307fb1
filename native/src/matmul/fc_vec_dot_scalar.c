/*
 * Scalar matmul kernels for every type: the reference paths every SIMD level is tested against, and the
 * fallback for any type a SIMD level does not implement.
 */
#include <math.h>

#include "fc_block_decode.h"

/* Shared by every level so that all of them produce identical quants: d = amax / 127, q = rint(x / d). */
void fc_act_quantize_scalar(const float *x, int64_t k, int group, void *row) {
    int8_t *qs = row;
    fc_q8_meta *meta = (fc_q8_meta *)((char *)row + k);
    for (int64_t g = 0; g < k; g += group) {
        float amax = 0.0f;
        for (int j = 0; j < group; j++) amax = fmaxf(amax, fabsf(x[g + j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        for (int j = 0; j < group; j++) qs[g + j] = (int8_t)nearbyintf(x[g + j] * id);
        for (int b = 0; b < group / 32; b++) {
            fc_q8_meta *m = &meta[g / 32 + b];
            const int8_t *q = qs + g + 32 * b;
            int32_t s0 = 0, s1 = 0;
            for (int j = 0; j < 16; j++) {
                s0 += q[j];
                s1 += q[j + 16];
            }
            m->d = d;
            m->sum[0] = s0;
            m->sum[1] = s1;
            m->ds = d * (float)(s0 + s1);
        }
    }
}

/* sum_j u[j] * q[j] over n values. */
static inline int32_t dot_u8_i8(const uint8_t *u, const int8_t *q, int n) {
    int32_t s = 0;
    for (int j = 0; j < n; j++) s += (int32_t)u[j] * q[j];
    return s;
}

/* One generic body per type so the decoder inlines. Weight value = scale * (u - bias) + offset. */
#define DEFINE_DOT(name, decode_call, bias, sub16, has_offset)                                      \
    static float name(int64_t k, const void *w, const void *x) {                                    \
        const int8_t *qs = x;                                                                       \
        const fc_q8_meta *meta = fc_act_meta(x, k);                                                 \
        float acc = 0.0f;                                                                           \
        for (int64_t b = 0; b < k / 32; b++) {                                                      \
            uint8_t u[32];                                                                          \
            float scale[2] = {0, 0}, offset = 0;                                                    \
            decode_call;                                                                            \
            const int8_t *q = qs + 32 * b;                                                          \
            const fc_q8_meta *m = &meta[b];                                                         \
            if (sub16) {                                                                            \
                const int32_t lo = dot_u8_i8(u, q, 16) - (bias) * m->sum[0];                        \
                const int32_t hi = dot_u8_i8(u + 16, q + 16, 16) - (bias) * m->sum[1];              \
                acc += m->d * (scale[0] * (float)lo + scale[1] * (float)hi);                        \
            } else {                                                                                \
                const int32_t s = dot_u8_i8(u, q, 32) - (bias) * (m->sum[0] + m->sum[1]);           \
                acc += m->d * scale[0] * (float)s;                                                  \
            }                                                                                       \
            if (has_offset) acc += offset * m->ds;                                                  \
        }                                                                                           \
        return acc;                                                                                 \
    }

DEFINE_DOT(dot_q4_0, fc_decode_q4_0(w, b, u, scale, &offset), 8, 0, 0)
DEFINE_DOT(dot_q4_1, fc_decode_q4_1(w, b, u, scale, &offset), 0, 0, 1)
DEFINE_DOT(dot_q5_0, fc_decode_q5_0(w, b, u, scale, &offset), 16, 0, 0)
DEFINE_DOT(dot_q5_1, fc_decode_q5_1(w, b, u, scale, &offset), 0, 0, 1)
DEFINE_DOT(dot_q8_0, fc_decode_q8_0(w, b, u, scale, 0), 128, 0, 0)
DEFINE_DOT(dot_q4_k, fc_decode_q4_k(w, b, u, scale, &offset), 0, 0, 1)
DEFINE_DOT(dot_q5_k, fc_decode_q5_k(w, b, u, scale, &offset), 0, 0, 1)
DEFINE_DOT(dot_q6_k, fc_decode_q6_k(w, b, u, scale, &offset), 32, 1, 0)

static float dot_f32(int64_t k, const void *w, const void *x) {
    const float *a = w, *b = x;
    float acc[8] = {0};
    for (int64_t i = 0; i < k; i++) acc[i % 8] += a[i] * b[i];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static float dot_f16(int64_t k, const void *w, const void *x) {
    const fc_fp16 *a = w;
    const float *b = x;
    float acc[8] = {0};
    for (int64_t i = 0; i < k; i++) acc[i % 8] += FC_FP16_TO_FP32(a[i]) * b[i];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static float dot_bf16(int64_t k, const void *w, const void *x) {
    const fc_bf16 *a = w;
    const float *b = x;
    float acc[8] = {0};
    for (int64_t i = 0; i < k; i++) acc[i % 8] += fc_bf16_to_fp32(a[i]) * b[i];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

void fc_mm_kernels_scalar(int32_t type, fc_mm_kernels *out) {
    out->quant = fc_act_quantize_scalar;
    out->path = "scalar";
    switch (type) {
    case FC_TYPE_F32: out->dot = dot_f32; out->quant = NULL; break;
    case FC_TYPE_F16: out->dot = dot_f16; out->quant = NULL; break;
    case FC_TYPE_BF16: out->dot = dot_bf16; out->quant = NULL; break;
    case FC_TYPE_Q4_0: out->dot = dot_q4_0; break;
    case FC_TYPE_Q4_1: out->dot = dot_q4_1; break;
    case FC_TYPE_Q5_0: out->dot = dot_q5_0; break;
    case FC_TYPE_Q5_1: out->dot = dot_q5_1; break;
    case FC_TYPE_Q8_0: out->dot = dot_q8_0; break;
    case FC_TYPE_Q4_K: out->dot = dot_q4_k; break;
    case FC_TYPE_Q5_K: out->dot = dot_q5_k; break;
    case FC_TYPE_Q6_K: out->dot = dot_q6_k; break;
    default: out->quant = NULL; out->path = NULL; break;
    }
}
