/*
 * fastchat.h - the one C ABI of libfastchat.
 *
 * Conventions: functions are named fc_<object>_<verb>; objects are opaque handles created by
 * *_create/*_alloc and released by the matching *_free; fallible calls return fc_status and leave a
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

#define FC_ABI_VERSION 1

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

/* The SIMD path the kernels dispatch to on this machine: "avx512", "avx2" or "scalar". */
FC_API const char *fc_cpu_kernel_path(void);

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

#ifdef __cplusplus
}
#endif

#endif /* FASTCHAT_H */
