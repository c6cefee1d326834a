/*
 * native.h: the ABI zeroroot itself is built for, named as in arch/: its
 * block comes first in the filter, and filters for it are built in advance
 * (arch/mkprebuilt.c). NATIVE_ABI is the name; NATIVE_IS_<name> (with "_"
 * for "-") is defined for the preprocessor. One branch per arch/<abi>.tbl:
 * built for an ABI with a table but no branch, zeroroot still fakes its
 * calls, but its block is not the first tested, nothing is built in advance,
 * and --version says "an ABI without a table".
 */
#ifndef ZR_NATIVE_H
#define ZR_NATIVE_H

#if defined(__x86_64__) && defined(__ILP32__)
#define NATIVE_ABI    "x32"
#define NATIVE_IS_x32 1
#elif defined(__x86_64__)
#define NATIVE_ABI	 "x86_64"
#define NATIVE_IS_x86_64 1
#elif defined(__i386__)
#define NATIVE_ABI     "i386"
#define NATIVE_IS_i386 1
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ABI	  "aarch64"
#define NATIVE_IS_aarch64 1
#elif defined(__arm__) && defined(__ARM_EABI__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ABI    "arm"
#define NATIVE_IS_arm 1
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ABI	  "ppc64le"
#define NATIVE_IS_ppc64le 1
#elif defined(__powerpc64__)
#define NATIVE_ABI	"ppc64"
#define NATIVE_IS_ppc64 1
#elif defined(__s390x__)
#define NATIVE_ABI	"s390x"
#define NATIVE_IS_s390x 1
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_ABI	  "riscv64"
#define NATIVE_IS_riscv64 1
#elif defined(__loongarch64)
#define NATIVE_ABI	      "loongarch64"
#define NATIVE_IS_loongarch64 1
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && _MIPS_SIM == _ABI64
#define NATIVE_ABI	       "mips64el-n64"
#define NATIVE_IS_mips64el_n64 1
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && _MIPS_SIM == _ABIN32
#define NATIVE_ABI	       "mips64el-n32"
#define NATIVE_IS_mips64el_n32 1
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && _MIPS_SIM == _ABIO32
#define NATIVE_ABI	     "mipsel-o32"
#define NATIVE_IS_mipsel_o32 1
#else
#define NATIVE_ABI "" /* no table: the filter allows all and the self-test fails */
#endif

#endif
