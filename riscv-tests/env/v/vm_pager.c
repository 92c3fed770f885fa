/* SPDX-License-Identifier: MIT */
/*
 * Demand pager of the v environment (S-mode, kernel VAs).
 *
 * A user page is mapped on its first page fault at a frame drawn
 * pseudo-randomly from the pool, filled from the original image with SUM
 * set (Privileged 4.1.1.2), and left with A = D = 0.  Under Svade the next
 * access then faults again and the pager sets A (and D for a store) itself;
 * under Svadu the hardware sets them.  At exit every mapped page must have
 * A set, and D set if its contents differ from the original page: the
 * oracle for both A/D policies.
 */
#include "vm.h"

/* Frame (physical address) of each user page; 0 = not mapped. */
static uint64_t vm_page_frame[VM_USER_PAGES];
static uint8_t vm_frame_used[VM_FRAMES];
static uint64_t vm_random_state = 0x9e3779b97f4a7c15UL;

/* xorshift64: a fixed pseudo-random sequence, so runs are reproducible. */
static uint64_t vm_random(void)
{
  uint64_t x = vm_random_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  vm_random_state = x;
  return x;
}

/* Physical address of a free frame, or 0 when the pool is empty. */
static uint64_t vm_frame_alloc(void)
{
  uint64_t pool = vm_kva_to_pa(vm_frames_start);
  uint64_t first = vm_random() % VM_FRAMES;
  for (uint64_t n = 0; n < VM_FRAMES; n++) {
    uint64_t i = (first + n) % VM_FRAMES;
    if (!vm_frame_used[i]) {
      vm_frame_used[i] = 1;
      return pool + i * VM_PAGE_SIZE;
    }
  }
  return 0;
}

static void vm_copy_page(volatile uint64_t *dst, const volatile uint64_t *src)
{
  for (int i = 0; i < VM_PAGE_SIZE / 8; i++)
    dst[i] = src[i];
}

static int vm_same_page(const volatile uint64_t *a, const volatile uint64_t *b)
{
  for (int i = 0; i < VM_PAGE_SIZE / 8; i++)
    if (a[i] != b[i])
      return 0;
  return 1;
}

/* Index of the user page holding va, or -1 outside the user image. */
static int64_t vm_user_page(uint64_t va)
{
  uint64_t start = vm_kva_to_pa(vm_user_start);
  uint64_t end = vm_kva_to_pa(vm_user_end);
  if (va < start || va >= end)
    return -1;
  return (int64_t)((va - VM_RAM_BASE) >> VM_PAGE_SHIFT);
}

/* Maps user page `page` (VA == original PA) at a fresh frame. */
static int vm_map(int64_t page, uint64_t va)
{
  uint64_t frame = vm_frame_alloc();
  if (!frame)
    return VM_FAIL_NO_FRAME;
  uint64_t pte = vm_pte(frame, PTE_V | PTE_U | PTE_R | PTE_W | PTE_X);
  /* Temporarily accessed and dirty, so that the supervisor's own copy
   * through the user VA needs no A/D fault. */
  vm_user_l0[page] = pte | PTE_A | PTE_D;
  vm_flush_page(va);
  vm_sstatus_set(MSTATUS_SUM);
  vm_copy_page((volatile uint64_t *)va, vm_pa_to_kva(va));
  vm_sstatus_clear(MSTATUS_SUM);
  /* Final PTE: A = D = 0, so the body's own first access decides them. */
  vm_user_l0[page] = pte;
  vm_flush_page(va);
  vm_page_frame[page] = frame;
  return 0;
}

/*
 * Serves a fault on the page holding va.  Returns 1 if something was
 * fixed, 0 if that page needed nothing, or -VM_FAIL_* on failure.
 */
static int vm_fix_page(uint64_t va, uint64_t cause)
{
  int64_t page = vm_user_page(va);
  if (page < 0)
    return -VM_FAIL_OUTSIDE;
  va &= ~(uint64_t)(VM_PAGE_SIZE - 1);
  uint64_t pte = vm_user_l0[page];
  if (!(pte & PTE_V)) {
    int fail = vm_map(page, va);
    return fail ? -fail : 1;
  }
  /* Svade (4.3.1, step 7 of 4.3.2): A = 0, or a store with D = 0. */
  uint64_t need = PTE_A;
  if (cause == CAUSE_STORE_PAGE_FAULT)
    need |= PTE_D;
  if ((pte & need) == need)
    return 0;
  vm_user_l0[page] = pte | need;
  vm_flush_page(va);
  return 1;
}

/*
 * Contract: serves a U-mode page fault at va (stval).  Returns 0 when the
 * access can be retried, else a VM_FAIL_* code.  A misaligned access that
 * crosses into the next page may report an address in the first page: if
 * that page needs nothing, the following page is served instead.
 */
int vm_pager_fault(uint64_t va, uint64_t cause)
{
  int fixed = vm_fix_page(va, cause);
  if (fixed == 0)
    fixed = vm_fix_page((va | (VM_PAGE_SIZE - 1)) + 1, cause);
  if (fixed < 0)
    return -fixed;
  return fixed ? 0 : VM_FAIL_SPURIOUS;
}

/* Contract: at exit, 0 if every mapped page has A set and every changed
 * page has D set; else the VM_FAIL_* code of the first violation. */
int vm_pager_check(void)
{
  for (int64_t page = 0; page < VM_USER_PAGES; page++) {
    uint64_t frame = vm_page_frame[page];
    if (!frame)
      continue;
    uint64_t pte = vm_user_l0[page];
    if (!(pte & PTE_A))
      return VM_FAIL_NOT_ACCESSED;
    uint64_t original = VM_RAM_BASE + (uint64_t)page * VM_PAGE_SIZE;
    if (!(pte & PTE_D) &&
        !vm_same_page(vm_pa_to_kva(frame), vm_pa_to_kva(original)))
      return VM_FAIL_NOT_DIRTY;
  }
  return 0;
}
