/*
 * Monitoring Lab test bed -- TEST-ONLY stand-in for Elastic's native "vec" library (libvec.so), which is not
 * published on Maven Central. Without any libvec the server disables ALL native access, including zstd,
 * and the best_compression codec then fails. This stub only answers vec_caps() = 0 ("no native SIMD vector
 * functions"), so the server keeps native access (zstd from Debian's libzstd1) and uses its Java vector code.
 */
int vec_caps(void) { return 0; }
