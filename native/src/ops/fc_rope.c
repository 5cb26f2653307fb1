/*
 * Rotary position embedding (fc_rope): normal (pairs 2i, 2i+1) and NeoX (pairs i, i + n_dims/2) layouts,
 * linear scaling (freq_scale) and YaRN.
 *
 * Pair i of n_dims/2 rotates by theta = pos * freq_base^(-2i/n_dims) ("extrapolated": the trained
 * frequency). Linear scaling interpolates: theta * freq_scale. YaRN (ext_factor != 0) keeps the
 * high-frequency pairs extrapolated, interpolates the low-frequency ones, and ramps linearly between two
 * "correction dimensions": the pairs whose wavelength fits beta_fast and beta_slow rotations into the
 * original context n_ctx_orig. It also scales the result by 1 + 0.1 ln(1/freq_scale) so attention
 * entropy stays as trained. attn_factor multiplies the rotation in every mode.
 *
 * Angles and their sine/cosine are computed in double: pos * freq reaches 1e5 radians at long context,
 * where a float angle would already be off by ~0.01 rad.
 */
#include <math.h>

#include "fc_internal.h"
#include "fc_profile.h"

/* The pair index at which a rotation of frequency base^(-2i/n_dims) completes n_rot turns in n_ctx. */
static double yarn_corr_dim(int n_dims, int n_ctx_orig, double n_rot, double base) {
    return n_dims * log(n_ctx_orig / (n_rot * 2.0 * 3.14159265358979323846)) / (2.0 * log(base));
}

typedef struct {
    int half;            /* n_dims / 2 pairs */
    double freq_step;    /* log(base) * 2 / n_dims: pair i has frequency exp(-i * freq_step) */
    double freq_scale;
    double ext_factor;
    double mscale;       /* magnitude multiplier */
    double corr_low, corr_high;
} rope_plan;

static rope_plan make_plan(const fc_rope_params *p) {
    rope_plan plan = {0};
    plan.half = p->n_dims / 2;
    plan.freq_step = 2.0 * log((double)p->freq_base) / p->n_dims;
    plan.freq_scale = p->freq_scale;
    plan.ext_factor = p->ext_factor;
    plan.mscale = p->attn_factor;
    if (p->ext_factor != 0.0f) {
        plan.mscale *= 1.0 + 0.1 * log(1.0 / p->freq_scale);
        const double low = floor(yarn_corr_dim(p->n_dims, p->n_ctx_orig, p->beta_fast, p->freq_base));
        const double high = ceil(yarn_corr_dim(p->n_dims, p->n_ctx_orig, p->beta_slow, p->freq_base));
        plan.corr_low = low > 0 ? low : 0;
        plan.corr_high = high < p->n_dims - 1 ? high : p->n_dims - 1;
    }
    return plan;
}

/* Pair i turns by pos * pair_frequency(i): every mode above is linear in the position. */
static double pair_frequency(const rope_plan *plan, int i) {
    const double extrapolated = exp(-i * plan->freq_step);
    const double interpolated = extrapolated * plan->freq_scale;
    if (plan->ext_factor == 0.0) return interpolated;
    /* ramp is 1 below corr_low (keep the trained frequency), 0 above corr_high (interpolate). */
    const double span = plan->corr_high - plan->corr_low > 0.001 ? plan->corr_high - plan->corr_low : 0.001;
    double y = (i - plan->corr_low) / span;
    y = y < 0 ? 0 : (y > 1 ? 1 : y);
    const double mix = (1.0 - y) * plan->ext_factor;
    return interpolated * (1.0 - mix) + extrapolated * mix;
}

/* Separate loops per layout, with fixed strides, so the compiler vectorises the rotation. */
static void rotate_interleaved(float *x, const float *c, const float *s, int count) { /* pairs (2i, 2i+1) */
    for (int j = 0; j < count; j++) {
        const float x0 = x[2 * j], x1 = x[2 * j + 1];
        x[2 * j] = x0 * c[j] - x1 * s[j];
        x[2 * j + 1] = x0 * s[j] + x1 * c[j];
    }
}

static void rotate_split(float *restrict a, float *restrict b, const float *c, const float *s, int count) { /* NeoX */
    for (int j = 0; j < count; j++) {
        const float x0 = a[j], x1 = b[j];
        a[j] = x0 * c[j] - x1 * s[j];
        b[j] = x0 * s[j] + x1 * c[j];
    }
}

static fc_status check_params(int64_t n_tokens, int64_t n_heads, int64_t head_dim, const float *x,
                              const int32_t *positions, const fc_rope_params *p) {
    if (!p) return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rope: params must not be NULL");
    if (n_tokens < 0 || n_heads < 0 || head_dim <= 0)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rope: n_tokens = %lld, n_heads = %lld, head_dim = %lld",
                            (long long)n_tokens, (long long)n_heads, (long long)head_dim);
    if (p->n_dims <= 0 || p->n_dims % 2 != 0 || p->n_dims > head_dim)
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rope: n_dims = %d must be even and in 2..head_dim (%lld)",
                            p->n_dims, (long long)head_dim);
    if (!(p->freq_base > 0.0f) || !(p->freq_scale > 0.0f) || !isfinite(p->freq_base) || !isfinite(p->freq_scale))
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rope: freq_base (%g) and freq_scale (%g) must be positive",
                            (double)p->freq_base, (double)p->freq_scale);
    if (p->ext_factor != 0.0f && (p->n_ctx_orig <= 0 || !(p->beta_fast > 0.0f) || !(p->beta_slow > 0.0f)))
        return fc_set_error(FC_ERR_INVALID_ARGUMENT,
                            "fc_rope: YaRN needs n_ctx_orig > 0 (got %d) and positive beta_fast/beta_slow",
                            p->n_ctx_orig);
    if (n_tokens > 0 && n_heads > 0 && (!x || !positions))
        return fc_set_error(FC_ERR_INVALID_ARGUMENT, "fc_rope: x and positions must not be NULL");
    return FC_OK;
}

fc_status fc_rope(float *x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, const int32_t *positions,
                  const fc_rope_params *params) {
    fc_clear_error();
    const uint64_t profile_start = fc_profile_begin();
    const fc_status status = check_params(n_tokens, n_heads, head_dim, x, positions, params);
    if (status != FC_OK) return status;
    const rope_plan plan = make_plan(params);
    /* Pairs go in chunks: their frequencies are computed once per call, their sine/cosine once per token
     * and then applied to every head (the trigonometry, not the rotation, is the cost here). */
    enum { CHUNK = 64 };
    double freq[CHUNK];
    float cosines[CHUNK], sines[CHUNK];
    for (int i0 = 0; i0 < plan.half; i0 += CHUNK) {
        const int count = plan.half - i0 < CHUNK ? plan.half - i0 : CHUNK;
        for (int j = 0; j < count; j++) freq[j] = pair_frequency(&plan, i0 + j);
        for (int64_t t = 0; t < n_tokens; t++) {
            for (int j = 0; j < count; j++) {
                const double angle = positions[t] * freq[j];
                cosines[j] = (float)(cos(angle) * plan.mscale);
                sines[j] = (float)(sin(angle) * plan.mscale);
            }
            for (int64_t h = 0; h < n_heads; h++) {
                float *head = x + (t * n_heads + h) * head_dim;
                if (params->neox)
                    rotate_split(head + i0, head + i0 + plan.half, cosines, sines, count);
                else
                    rotate_interleaved(head + 2 * i0, cosines, sines, count);
            }
        }
    }
    return fc_profile_end(profile_start);
}
