/* fc_dequantize / fc_quantize: argument checks and the per-type kernel tables. */
#include <stddef.h>

#include "fc_dispatch.h"
#include "fc_internal.h"
#include "fc_quant_kernels.h"
#include "fc_profile.h"

const char *fc_quant_type_name(int32_t type) {
    switch (type) {
    case FC_TYPE_F32: return "f32";
    case FC_TYPE_F16: return "f16";
    case FC_TYPE_BF16: return "bf16";
    case FC_TYPE_Q4_0: return "q4_0";
    case FC_TYPE_Q4_1: return "q4_1";
    case FC_TYPE_Q5_0: return "q5_0";
    case FC_TYPE_Q5_1: return "q5_1";
    case FC_TYPE_Q8_0: return "q8_0";
    case FC_TYPE_Q8_1: return "q8_1";
    case FC_TYPE_Q4_K: return "q4_K";
    case FC_TYPE_Q5_K: return "q5_K";
    case FC_TYPE_Q6_K: return "q6_K";
    case FC_TYPE_Q8_K: return "q8_K";
    default: return NULL;
    }
}

/* F16C converts halves exactly like the scalar code (round to nearest even), only faster. */
static int use_f16c(void) { return fc_current_level() >= FC_LEVEL_AVX2; }

fc_to_float_fn fc_get_to_float(int32_t type) {
    switch (type) {
    case FC_TYPE_F32: return fc_dequantize_row_f32;
    case FC_TYPE_F16: return use_f16c() ? fc_dequantize_row_f16_avx2 : fc_dequantize_row_f16;
    case FC_TYPE_BF16: return fc_dequantize_row_bf16;
    case FC_TYPE_Q4_0: return fc_dequantize_row_q4_0;
    case FC_TYPE_Q4_1: return fc_dequantize_row_q4_1;
    case FC_TYPE_Q5_0: return fc_dequantize_row_q5_0;
    case FC_TYPE_Q5_1: return fc_dequantize_row_q5_1;
    case FC_TYPE_Q8_0: return fc_dequantize_row_q8_0;
    case FC_TYPE_Q8_1: return fc_dequantize_row_q8_1;
    case FC_TYPE_Q4_K: return fc_dequantize_row_q4_K;
    case FC_TYPE_Q5_K: return fc_dequantize_row_q5_K;
    case FC_TYPE_Q6_K: return fc_dequantize_row_q6_K;
    case FC_TYPE_Q8_K: return fc_dequantize_row_q8_K;
    default: return NULL;
    }
}

fc_from_float_fn fc_get_from_float(int32_t type) {
    switch (type) {
    case FC_TYPE_F32: return fc_quantize_row_f32;
    case FC_TYPE_F16: return use_f16c() ? fc_quantize_row_f16_avx2 : fc_quantize_row_f16;
    case FC_TYPE_BF16: return fc_quantize_row_bf16;
    case FC_TYPE_Q4_0: return fc_quantize_row_q4_0;
    case FC_TYPE_Q4_1: return fc_quantize_row_q4_1;
    case FC_TYPE_Q5_0: return fc_quantize_row_q5_0;
    case FC_TYPE_Q5_1: return fc_quantize_row_q5_1;
    case FC_TYPE_Q8_0: return fc_quantize_row_q8_0;
    case FC_TYPE_Q8_1: return fc_quantize_row_q8_1;
    case FC_TYPE_Q4_K: return fc_quantize_row_q4_K;
    case FC_TYPE_Q5_K: return fc_quantize_row_q5_K;
    case FC_TYPE_Q6_K: return fc_quantize_row_q6_K;
    case FC_TYPE_Q8_K: return fc_quantize_row_q8_K;
    default: return NULL;
    }
}

/* Shared checks of both entry points; returns FC_OK or the status already recorded with its message. */
static fc_status check_call(const char *op, int32_t type, int has_kernel, const void *src, const void *dst,
                            int64_t n) {
    const char *name = fc_quant_type_name(type);
    if (name == NULL) return fc_set_error(FC_ERR_UNSUPPORTED, "%s: unknown or unsupported type %d", op, (int)type);
    if (!has_kernel) return fc_set_error(FC_ERR_UNSUPPORTED, "%s: type %s (%d) is not supported", op, name, (int)type);
    if (src == NULL || dst == NULL) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "%s: NULL %s pointer", op, src == NULL ? "source" : "destination");
    const int64_t block = fc_type_block_size(type);
    if (n < 0 || n % block != 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "%s: n = %lld is not a non-negative multiple of the block size %lld of %s",
                            op, (long long)n, (long long)block, name);
    return FC_OK;
}

fc_status fc_dequantize(int32_t type, const void *src, float *dst, int64_t n) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_to_float_fn to_float = fc_get_to_float(type);
    const fc_status status = check_call("fc_dequantize", type, to_float != NULL, src, dst, n);
    if (status != FC_OK) return status;
    to_float(src, dst, n);
    return fc_profile_end(profile_start);
}

fc_status fc_quantize(int32_t type, const float *src, void *dst, int64_t n) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_from_float_fn from_float = fc_get_from_float(type);
    const fc_status status = check_call("fc_quantize", type, from_float != NULL, src, dst, n);
    if (status != FC_OK) return status;
    from_float(src, dst, n);
    return fc_profile_end(profile_start);
}
