/* Block sizes of the types that have kernels (the ABI's view of fc_quants.h). */
#include "fc_internal.h"
#include "fc_quants.h"

int64_t fc_type_block_size(int32_t type) {
    switch (type) {
    case FC_TYPE_F32: case FC_TYPE_F16: case FC_TYPE_BF16: return 1;
    case FC_TYPE_Q4_0: case FC_TYPE_Q4_1: case FC_TYPE_Q5_0: case FC_TYPE_Q5_1:
    case FC_TYPE_Q8_0: case FC_TYPE_Q8_1: return 32;
    case FC_TYPE_Q4_K: case FC_TYPE_Q5_K: case FC_TYPE_Q6_K: case FC_TYPE_Q8_K: return QK_K;
    default: return 0;
    }
}

int64_t fc_type_block_bytes(int32_t type) {
    switch (type) {
    case FC_TYPE_F32: return 4;
    case FC_TYPE_F16: case FC_TYPE_BF16: return 2;
    case FC_TYPE_Q4_0: return sizeof(block_q4_0);
    case FC_TYPE_Q4_1: return sizeof(block_q4_1);
    case FC_TYPE_Q5_0: return sizeof(block_q5_0);
    case FC_TYPE_Q5_1: return sizeof(block_q5_1);
    case FC_TYPE_Q8_0: return sizeof(block_q8_0);
    case FC_TYPE_Q8_1: return sizeof(block_q8_1);
    case FC_TYPE_Q4_K: return sizeof(block_q4_K);
    case FC_TYPE_Q5_K: return sizeof(block_q5_K);
    case FC_TYPE_Q6_K: return sizeof(block_q6_K);
    case FC_TYPE_Q8_K: return sizeof(block_q8_K);
    default: return 0;
    }
}

int64_t fc_type_row_bytes(int32_t type, int64_t n) {
    const int64_t block = fc_type_block_size(type);
    if (block == 0 || n < 0 || n % block != 0) return -1;
    return n / block * fc_type_block_bytes(type);
}
