#pragma once
// Large plans allocate gigabytes of small records; on a machine whose transparent huge pages are
// "madvise" only (Debian's default), glibc's malloc asks for them only when told by the tunable
// glibc.malloc.hugetlb=1, which is read when a process starts. This restarts dondoc once with it.

namespace dondoc::cli {

/// Call first in main(). If the tunable is not set, sets it and executes this same program again
/// with the same arguments (falls through if that fails). In the restarted process it puts
/// GLIBC_TUNABLES back as it was, so that programs dondoc starts (exec sinks) see the environment
/// they were given. DONDOC_HUGE_PAGES=0 turns it off.
void use_huge_pages(char** argv);

}  // namespace dondoc::cli
