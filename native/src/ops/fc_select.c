/*
 * Selection over logits: fc_argmax and fc_top_k. NaN ranks below every number, so a NaN logit is never
 * picked over a real one. Ties go to the lower index. fc_top_k accepts values = NULL (ids only).
 */
#include <math.h>

#include "fc_internal.h"

/* 1 when element a ranks strictly before element b. */
static inline int ranks_before(const float *x, int64_t a, int64_t b) {
    const float va = x[a], vb = x[b];
    if (va > vb) return 1;
    if (va < vb) return 0;
    if (isnan(va) != isnan(vb)) return isnan(vb);
    return a < b; /* equal, or both NaN */
}

int64_t fc_argmax(const float *x, int64_t n) {
    if (!x || n <= 0) return -1;
    int64_t best = 0;
    for (int64_t i = 1; i < n; i++)
        if (ranks_before(x, i, best)) best = i;
    return best;
}

/* ids[0..size) is a heap whose root is the worst of the selected elements. */
static void sift_down(const float *x, int32_t *ids, int64_t size, int64_t node) {
    for (;;) {
        const int64_t left = 2 * node + 1, right = left + 1;
        int64_t worst = node;
        if (left < size && ranks_before(x, ids[worst], ids[left])) worst = left;
        if (right < size && ranks_before(x, ids[worst], ids[right])) worst = right;
        if (worst == node) return;
        const int32_t t = ids[node];
        ids[node] = ids[worst];
        ids[worst] = t;
        node = worst;
    }
}

/* A k-element heap built in ids itself (no allocation): one comparison rejects most elements, so this
 * is O(n) for sampling-sized k and O(n log k) at worst; a final heap sort orders the winners. */
fc_status fc_top_k(const float *x, int64_t n, int64_t k, int32_t *ids, float *values) {
    fc_clear_error();
    if (n < 0 || n > INT32_MAX)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_top_k: n = %lld is outside [0, 2^31)", (long long)n);
    if (k < 0 || k > n)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_top_k: k = %lld is outside [0, n = %lld]", (long long)k,
                            (long long)n);
    if (k == 0) return FC_OK;
    if (!x || !ids) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_top_k: x and ids must not be NULL");
    for (int64_t i = 0; i < k; i++) ids[i] = (int32_t)i;
    for (int64_t i = k / 2 - 1; i >= 0; i--) sift_down(x, ids, k, i);
    for (int64_t i = k; i < n; i++) {
        if (ranks_before(x, i, ids[0])) {
            ids[0] = (int32_t)i;
            sift_down(x, ids, k, 0);
        }
    }
    /* Moving the worst to the end each time leaves the best first. */
    for (int64_t size = k - 1; size > 0; size--) {
        const int32_t t = ids[0];
        ids[0] = ids[size];
        ids[size] = t;
        sift_down(x, ids, size, 0);
    }
    if (values)
        for (int64_t i = 0; i < k; i++) values[i] = x[ids[i]];
    return FC_OK;
}
