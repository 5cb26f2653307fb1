/* Embedding lookup (fc_get_rows): dequantizes selected rows of a table of any type with kernels. */
#include <string.h>

#include "fc_internal.h"
#include "quants/fc_quant_rows.h"
#include "fc_profile.h"

fc_status fc_get_rows(int32_t type, const void *table, int64_t n_rows, int64_t row_len, const int32_t *ids,
                      int64_t n_ids, float *out) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_to_float_fn to_float = fc_get_to_float(type);
    if (!to_float) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_get_rows: type %d has no kernels", type);
    const int64_t row_bytes = fc_type_row_bytes(type, row_len);
    if (row_len <= 0 || row_bytes < 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_get_rows: row_len = %lld is not a positive multiple of %lld",
                            (long long)row_len, (long long)fc_type_block_size(type));
    if (n_rows < 0 || n_ids < 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_get_rows: n_rows = %lld, n_ids = %lld",
                            (long long)n_rows, (long long)n_ids);
    if (n_ids > 0 && (!table || !ids || !out))
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_get_rows: table, ids and out must not be NULL");
    /* Every id is checked before anything is read or written, so a bad id leaves out untouched. */
    for (int64_t i = 0; i < n_ids; i++) {
        if (ids[i] < 0 || ids[i] >= n_rows)
            return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_get_rows: ids[%lld] = %d is outside [0, %lld)",
                                (long long)i, ids[i], (long long)n_rows);
    }
    const char *base = table;
    for (int64_t i = 0; i < n_ids; i++) to_float(base + (int64_t)ids[i] * row_bytes, out + i * row_len, row_len);
    return fc_profile_end(profile_start);
}
