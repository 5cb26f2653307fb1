/* Kernel level (scalar / AVX2 / AVX-512) chosen once at load, cappable for tests. Internal. */
#ifndef FC_DISPATCH_H
#define FC_DISPATCH_H

#include "fastchat.h"

/* The level kernels should use now: min(best the CPU supports, the cap set by fc_set_kernel_level). */
int32_t fc_current_level(void);

/* 1 when the CPU has AVX512_VNNI (int8 dot products), for the avx512 paths that can use it. */
int fc_has_avx512_vnni(void);

#endif
