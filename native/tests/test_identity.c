/* ABI version and build info are consistent with the header. */
#include <string.h>

#include "fastchat.h"
#include "fc_test.h"

int main(void) {
    CHECK(fc_abi_version() == FC_ABI_VERSION);
    CHECK(strstr(fc_build_info(), "libfastchat abi") != NULL);
    CHECK(fc_cuda_compiled() == 0 || fc_cuda_compiled() == 1);
    CHECK(fc_cuda_device_count() >= 0);
    if (!fc_cuda_compiled()) CHECK(fc_cuda_device_count() == 0);
    CHECK(strcmp(fc_last_error(), "") == 0);
    return TEST_RESULT();
}
