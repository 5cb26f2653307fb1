/*
 * fastchat.h - the one C ABI of libfastchat.
 *
 * Conventions: functions are named fc_<object>_<verb>; objects are opaque handles made by a create or
 * alloc function and released by the matching free; fallible calls return fc_status and leave a
 * thread-local message readable with fc_last_error(). No C++ exception ever crosses this boundary.
 *
 * Bump FC_ABI_VERSION whenever a signature, struct layout or enum value below changes: the managed
 * layer refuses to bind to a library whose version differs from the one it was compiled against.
 */
#ifndef FASTCHAT_H
#define FASTCHAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define FC_API __declspec(dllexport)
#else
#  define FC_API __attribute__((visibility("default")))
#endif

#define FC_ABI_VERSION 5

typedef enum fc_status {
    FC_OK = 0,
    FC_ERR_INVALID_ARGUMENT = 1,
    FC_ERR_OUT_OF_MEMORY = 2,
    FC_ERR_UNSUPPORTED = 3,
} fc_status;

/* ---- library identity ---------------------------------------------------------------------- */

/* The ABI version this library was built with (FC_ABI_VERSION at build time). */
FC_API int32_t fc_abi_version(void);

/* Human-readable build description: version, compiler, build type, CUDA compiled in or not.
 * The string is static; do not free it. */
FC_API const char *fc_build_info(void);

/* 1 when the library was built with CUDA kernels, else 0. */
FC_API int32_t fc_cuda_compiled(void);

/* Number of CUDA devices usable by this library: 0 when CUDA is not compiled in or no device exists. */
FC_API int32_t fc_cuda_device_count(void);

/* The message of the last failed call on this thread ("" if none). Valid until the next call. */
FC_API const char *fc_last_error(void);

/* ---- CPU features -------------------------------------------------------------------------- */

/* Bit positions of fc_cpu_features(). A bit is set only when the CPU has the instructions AND the
 * operating system saves the register state they need (XCR0), so a set bit is safe to use. */
typedef enum fc_cpu_feature {
    FC_CPU_SSE3 = 0,
    FC_CPU_SSSE3 = 1,
    FC_CPU_SSE4_1 = 2,
    FC_CPU_SSE4_2 = 3,
    FC_CPU_POPCNT = 4,
    FC_CPU_AVX = 5,
    FC_CPU_AVX2 = 6,
    FC_CPU_FMA = 7,
    FC_CPU_F16C = 8,
    FC_CPU_BMI2 = 9,
    FC_CPU_AVX_VNNI = 10,
    FC_CPU_AVX512F = 11,
    FC_CPU_AVX512DQ = 12,
    FC_CPU_AVX512CD = 13,
    FC_CPU_AVX512BW = 14,
    FC_CPU_AVX512VL = 15,
    FC_CPU_AVX512_VNNI = 16,
    FC_CPU_AVX512_BF16 = 17,
    FC_CPU_AVX512_VBMI = 18,
    FC_CPU_AMX_TILE = 19,
    FC_CPU_AMX_INT8 = 20,
    FC_CPU_AMX_BF16 = 21,
    FC_CPU_FEATURE_COUNT = 22
} fc_cpu_feature;

/* Bitmask of (1 << fc_cpu_feature), detected once and cached. */
FC_API uint64_t fc_cpu_features(void);

/* Lower-case name of a feature ("avx512_vnni"), or NULL for an out-of-range value. */
FC_API const char *fc_cpu_feature_name(int32_t feature);

/* The SIMD path the kernels dispatch to now: "avx512", "avx2" or "scalar" (the best the CPU has, unless capped). */
FC_API const char *fc_cpu_kernel_path(void);

typedef enum fc_level {
    FC_LEVEL_SCALAR = 0,
    FC_LEVEL_AVX2 = 1,   /* AVX2 + FMA + F16C */
    FC_LEVEL_AVX512 = 2, /* AVX-512 F/BW/VL/DQ (+VNNI used when present) */
} fc_level;

/* The highest level this CPU supports. */
FC_API int32_t fc_kernel_level_max(void);

/* Caps kernel dispatch at `level` for the whole process (tests and benchmarks compare paths with it).
 * FC_ERR_UNSUPPORTED if the CPU lacks that level. Not meant to change while kernels run on other threads. */
FC_API fc_status fc_set_kernel_level(int32_t level);
FC_API int32_t fc_kernel_level(void);

/* ---- aligned host buffers ------------------------------------------------------------------ */

/* An owned, zero-initialised, aligned block of host memory (KV caches, scratch, activations). */
typedef struct fc_buffer fc_buffer;

/* alignment must be a power of two >= sizeof(void*); size may be 0. NULL on failure (see fc_last_error). */
FC_API fc_buffer *fc_buffer_alloc(size_t size, size_t alignment);
FC_API void *fc_buffer_data(const fc_buffer *buffer);
FC_API size_t fc_buffer_size(const fc_buffer *buffer);
/* Releases the buffer; NULL is ignored. */
FC_API void fc_buffer_free(fc_buffer *buffer);

/* Number of fc_buffer objects alive in this process (leak checks in tests). */
FC_API int64_t fc_buffer_live_count(void);

/* Hint: this process will not read the whole pages inside [addr, addr + bytes) of a read-only file mapping
 * soon (weights repacked at load), so they leave its resident set; a later read faults them back in from the
 * file. Returns 1 if pages were released, 0 where the platform has no such hint. Never use on writable memory. */
FC_API int32_t fc_release_mapped_pages(const void *addr, size_t bytes);

/* ---- tensor types ------------------------------------------------------------------------- */

/* Element types with ggml's numbering and GGUF block layouts (bit-compatible with other GGUF tools). */
typedef enum fc_type {
    FC_TYPE_F32 = 0,
    FC_TYPE_F16 = 1,
    FC_TYPE_Q4_0 = 2,
    FC_TYPE_Q4_1 = 3,
    FC_TYPE_Q5_0 = 6,
    FC_TYPE_Q5_1 = 7,
    FC_TYPE_Q8_0 = 8,
    FC_TYPE_Q8_1 = 9,  /* activations only */
    FC_TYPE_Q4_K = 12,
    FC_TYPE_Q5_K = 13,
    FC_TYPE_Q6_K = 14,
    FC_TYPE_Q8_K = 15, /* activations only */
    FC_TYPE_BF16 = 30,
} fc_type;

/* Elements per block (1 for float types), bytes per block; 0 for a type without kernels. */
FC_API int64_t fc_type_block_size(int32_t type);
FC_API int64_t fc_type_block_bytes(int32_t type);
/* Bytes of a row of n elements; -1 when the type has no kernels or n is not a whole number of blocks. */
FC_API int64_t fc_type_row_bytes(int32_t type, int64_t n);

/* ---- quantization -------------------------------------------------------------------------- */

/* src holds n elements of `type` (n a multiple of the block size); writes n floats. */
FC_API fc_status fc_dequantize(int32_t type, const void *src, float *dst, int64_t n);
/* Reference-quality quantization of n floats (n a multiple of the block size) into fc_type_row_bytes(type, n) bytes. */
FC_API fc_status fc_quantize(int32_t type, const float *src, void *dst, int64_t n);

/* ---- thread pool --------------------------------------------------------------------------- */

/* Persistent worker threads: kernels given a pool split their work over its threads and the calling
 * thread, with no thread creation per call. One kernel runs on a pool at a time (calls from several
 * threads on one pool queue up); use one pool per concurrent caller. A NULL pool runs on the caller. */
typedef struct fc_threadpool fc_threadpool;

/* n_threads counts the calling thread too (1 = no workers); 1..256. NULL on failure. */
FC_API fc_threadpool *fc_threadpool_create(int32_t n_threads);
FC_API int32_t fc_threadpool_size(const fc_threadpool *pool);
FC_API void fc_threadpool_free(fc_threadpool *pool);

/* ---- matrix products ----------------------------------------------------------------------- */

/* y[m][n] = x[m][k] . W^T, W being n rows of k elements of `type` (a GGUF tensor with ne0 = k, ne1 = n).
 * x and y are row-major f32. Activations are quantized on the fly (Q8_0 / Q8_K) for quantized W.
 * m = 1 is the matrix-vector (decode) case. */
FC_API fc_status fc_matmul(fc_threadpool *pool, int32_t type, const void *w, int64_t n, int64_t k,
                           const float *x, int64_t m, float *y);

/* Name of the implementation fc_matmul uses for `type` at the current level: "scalar", "avx2", "avx512",
 * "avx512_vnni", ...; NULL for a type without kernels. */
FC_API const char *fc_matmul_path(int32_t type);

/* ---- repacked weights ---------------------------------------------------------------------- */

/* A copy of a Q4_0 or Q8_0 matrix laid out for the SIMD kernels, made once at model load: rows in strips of
 * 16 (the last strip padded with zero rows), strips 2p and 2p + 1 stored block by block alternately, and each
 * block the quants of the strip's 16 rows interleaved 4 bytes at a time (lane l of every 64-byte step is row l;
 * Q8_0 quants stored plus 128) followed by their 16 fp16 scales. A block of a strip is exactly 16 source blocks, so the copy is as large as the rows it holds.
 * fc_matmul_repacked reads it with no per-call unpacking: one layout serves decode, small batches and prefill. */

/* 1 if the current kernel level multiplies repacked `type` weights (Q4_0, Q8_0 with AVX-512), else 0. */
FC_API int32_t fc_repack_supported(int32_t type);

/* Bytes of the repacked copy of n rows of k elements of `type`; -1 for a type that cannot be repacked or a
 * bad shape (k not a whole number of blocks). */
FC_API int64_t fc_repack_bytes(int32_t type, int64_t n, int64_t k);

/* Writes the repacked copy of w (n rows of k elements of `type`) into dst, which holds dst_bytes bytes
 * (at least fc_repack_bytes). Works at every kernel level. */
FC_API fc_status fc_repack(fc_threadpool *pool, int32_t type, const void *w, int64_t n, int64_t k, void *dst,
                           int64_t dst_bytes);

/* fc_matmul on weights made by fc_repack(type, ..., n, k): y[m][n] = x[m][k] . W^T. FC_ERR_UNSUPPORTED where
 * fc_repack_supported(type) is 0. */
FC_API fc_status fc_matmul_repacked(fc_threadpool *pool, int32_t type, const void *packed, int64_t n, int64_t k,
                                    const float *x, int64_t m, float *y);

/* ---- row and element-wise ops (all f32) ---------------------------------------------------- */

/* y[r] = x[r] / sqrt(mean(x[r]^2) + eps) * weight (weight may be NULL); rows of n elements; y may be x. */
FC_API fc_status fc_rmsnorm(const float *x, const float *weight, float *y, int64_t rows, int64_t n, float eps);

typedef struct fc_rope_params {
    int32_t n_dims;      /* leading dimensions of each head that rotate (<= head_dim, even) */
    int32_t neox;        /* 0: pairs (2i, 2i+1) (llama); 1: pairs (i, i + n_dims/2) (NeoX, qwen2) */
    float freq_base;     /* theta base, e.g. 10000 */
    float freq_scale;    /* 1 / linear scaling factor (1 = none) */
    float ext_factor;    /* YaRN extrapolation mix (0 = off) */
    float attn_factor;   /* YaRN magnitude scale (1 = none) */
    float beta_fast;     /* YaRN ramp bounds, e.g. 32 and 1 */
    float beta_slow;
    int32_t n_ctx_orig;  /* original training context (YaRN) */
} fc_rope_params;

/* Rotates x[n_tokens][n_heads][head_dim] in place; token t is at position positions[t]. */
FC_API fc_status fc_rope(float *x, int64_t n_tokens, int64_t n_heads, int64_t head_dim,
                         const int32_t *positions, const fc_rope_params *params);

/* out = silu(gate) * up. */
FC_API fc_status fc_swiglu(const float *gate, const float *up, float *out, int64_t n);
/* Row-wise softmax in place over rows of n. */
FC_API fc_status fc_softmax(float *x, int64_t rows, int64_t n);
FC_API fc_status fc_add(const float *a, const float *b, float *out, int64_t n);
FC_API fc_status fc_mul(const float *a, const float *b, float *out, int64_t n);

/* Embedding lookup: out[i] = dequantized row ids[i] of a table of n_rows rows of row_len elements of `type`.
 * An id outside [0, n_rows) is FC_ERR_INVALID_ARGUMENT (nothing is read out of bounds). */
FC_API fc_status fc_get_rows(int32_t type, const void *table, int64_t n_rows, int64_t row_len,
                             const int32_t *ids, int64_t n_ids, float *out);

/* Index of the largest element (first on ties); -1 when n <= 0. */
FC_API int64_t fc_argmax(const float *x, int64_t n);
/* The k largest elements, sorted descending (ties: lower index first). */
FC_API fc_status fc_top_k(const float *x, int64_t n, int64_t k, int32_t *ids, float *values);

/* ---- attention ----------------------------------------------------------------------------- */

/* One sequence of a batched attention call. K and V hold n_kv cache positions, each
 * [n_kv_heads][head_dim] elements of the kv type, position-major. Query i (at absolute position q_pos + i)
 * attends causally to cache positions 0..min(q_pos + i, n_kv - 1). */
typedef struct fc_attention_seq {
    const float *q;   /* [n_q][n_heads][head_dim] */
    const void *k;    /* [n_kv][n_kv_heads][head_dim] */
    const void *v;    /* [n_kv][n_kv_heads][head_dim] */
    float *out;       /* [n_q][n_heads][head_dim] */
    int64_t n_q;
    int64_t n_kv;
    int64_t q_pos;
} fc_attention_seq;

/* Flash-style attention (online softmax over K/V tiles, no score matrix), grouped-query when
 * n_kv_heads < n_heads (n_heads a multiple of it). kv_type: F32, F16 or Q8_0 (head_dim % 32 == 0). */
FC_API fc_status fc_attention(fc_threadpool *pool, int32_t kv_type, int64_t n_heads, int64_t n_kv_heads,
                              int64_t head_dim, float scale, const fc_attention_seq *seqs, int64_t n_seqs);

/* Name of the implementation fc_attention uses over a `kv_type` cache at the current level: "scalar",
 * "avx2", "avx512", or "avx512_vnni" (Q8_0: grouped-query decode scores in int8, each query row rounded to
 * 8 bits per block of 32); NULL for a type it does not take. */
FC_API const char *fc_attention_path(int32_t kv_type);

/* ---- kernel-time accounting ----------------------------------------------------------------------------
 * While enabled, each kernel entry point (matmul, attention, rmsnorm, rope, swiglu, softmax, add, mul,
 * get_rows, quantize, dequantize) adds its wall time on the calling thread and one call to process-wide
 * counters: time in a forward pass minus this is the time spent outside the kernels (managed overhead). */
FC_API void fc_profile_enable(int32_t enabled);
FC_API void fc_profile_read(uint64_t *nanoseconds, uint64_t *calls);
FC_API void fc_profile_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* FASTCHAT_H */
