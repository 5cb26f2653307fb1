/* Library identity: ABI version and build description. */
#include "fc_internal.h"

#define FC_STR2(x) #x
#define FC_STR(x) FC_STR2(x)

#if defined(__clang__)
#  define FC_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#  define FC_COMPILER "gcc " FC_STR(__GNUC__) "." FC_STR(__GNUC_MINOR__) "." FC_STR(__GNUC_PATCHLEVEL__)
#else
#  define FC_COMPILER "unknown compiler"
#endif

#ifndef FC_BUILD_TYPE
#  define FC_BUILD_TYPE "unknown"
#endif

#ifdef FC_WITH_CUDA
#  define FC_CUDA_TEXT "cuda"
#else
#  define FC_CUDA_TEXT "no cuda"
#endif

int32_t fc_abi_version(void) { return FC_ABI_VERSION; }

const char *fc_build_info(void) {
    return "libfastchat abi " FC_STR(FC_ABI_VERSION) "; " FC_COMPILER "; " FC_BUILD_TYPE "; " FC_CUDA_TEXT;
}

int32_t fc_cuda_compiled(void) {
#ifdef FC_WITH_CUDA
    return 1;
#else
    return 0;
#endif
}
