/* Minimal HotSpot disassembler plugin on capstone: HotSpot calls decode_instructions_virtual
   for a code range and prints what the two callbacks receive. Developer tool (bench/hsdis). */
#include <capstone/capstone.h>
#include <stdint.h>
#include <string.h>
typedef void* (*event_cb)(void*, const char*, void*);
typedef int (*printf_cb)(void*, const char*, ...);
void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
    unsigned char* buffer, uintptr_t length, event_cb ev, void* evs,
    printf_cb pf, void* pfs, const char* options, int newline) {
  csh h;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) return NULL;
  cs_option(h, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
  const uint8_t* code = buffer; size_t size = length; uint64_t addr = start_va;
  cs_insn* insn = cs_malloc(h);
  while (addr < end_va) {
    const uint8_t* before = code;
    uint64_t a0 = addr;
    if (!cs_disasm_iter(h, &code, &size, &addr, insn)) {
      ev(evs, "insn", (void*)(uintptr_t)a0);
      pf(pfs, "(bad)");
      ev(evs, "/insn", (void*)(uintptr_t)(a0 + 1));
      code = before + 1; size--; addr = a0 + 1;
      if (newline) pf(pfs, "\n");
      continue;
    }
    ev(evs, "insn", (void*)(uintptr_t)a0);
    pf(pfs, "%-8s %s", insn->mnemonic, insn->op_str);
    ev(evs, "/insn", (void*)(uintptr_t)addr);
    if (newline) pf(pfs, "\n");
  }
  cs_free(insn, 1);
  cs_close(&h);
  return (void*)(uintptr_t)addr;
}
