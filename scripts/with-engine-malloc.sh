#!/bin/sh
# Runs a command with glibc's malloc set for the embedded engine (BENCHMARKS.md, "Load").
#
# onnxruntime packs every fp32 weight of a session into memory it allocates, on every load. On a VM
# that reports free pages to its host, fresh memory is slow to fault in, so huge pages are asked
# for, 512 times fewer faults. Where the host keeps a pool of them (vm.nr_hugepages, as for
# PostgreSQL's huge_pages), they come from the pool: its pages are never handed back to the host,
# so they stay quick to touch. Without a pool that setting would fall back to small pages, so the
# pool is used only where it has pages free; otherwise transparent huge pages.
#
# Blocks of 1 MiB or more are mapped on their own, so a freed activation goes back to the system
# instead of growing the heap. A GLIBC_TUNABLES already set wins.
# RISKLEDGER_PROBE_ROOT: a fake root for tests, as in install-test-deps.sh.
free_huge_pages=$(awk '/^HugePages_Free:/ { print $2 }' "${RISKLEDGER_PROBE_ROOT:-}/proc/meminfo" 2>/dev/null)
if [ "${free_huge_pages:-0}" -gt 0 ]; then hugetlb=2; else hugetlb=1; fi
GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=$hugetlb:glibc.malloc.mmap_threshold=1048576}" exec "$@"
