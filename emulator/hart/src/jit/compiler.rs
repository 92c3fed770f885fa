//! The compiler's front: a decoded block (`Instr`s) to Cranelift IR.
//!
//! The generated function takes the hart's address and returns nothing. It
//! reads the block's entry pc and `retired` from the hart (so one compiled
//! block serves every virtual alias of its physical page: all pcs are
//! entry pc + offset), runs the instructions, and on leaving writes the
//! next pc and the exact `retired` back:
//!
//! - after the last instruction compiled (or a `jal`/`jalr`, whose target
//!   the run loop looks up);
//! - at a taken conditional branch (the target);
//! - when a slow-path access trapped (the faulting instruction's pc, and
//!   `retired` not counting it: precise traps, Privileged 20211203,
//!   section 1.6) or asked the run loop to look at events (the next pc).
//!
//! Registers are read from the hart once per block and then kept in SSA
//! values; every result is written to the hart at once (write-through), so
//! an exit needs to store only pc and `retired`. The code is straight-line
//! with side exits: no value ever needs merging except a load's result.

mod fp_arith;

use super::helpers;
use crate::hart::jit_bridge::{status, HartLayout};
use crate::isa::{Instr, Op};
use crate::ram::RamHostView;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I16, I32, I64, I8};
use cranelift_codegen::ir::{
    self, AbiParam, BlockArg, InstBuilder, MemFlags, SigRef, StackSlot, StackSlotData,
    StackSlotKind, Type, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use mmu::PAGE_SIZE;

/// What the generated code bakes in.
pub(super) struct Env {
    /// Where guest RAM is in host memory (fixed for the hart's lifetime).
    pub ram: RamHostView,
    /// `--jit verify`: stores are recorded before they are made.
    pub verify: bool,
    /// The helpers' calling convention (the host's C one).
    pub call_conv: CallConv,
    /// Where a block's exit looks its successor up and goes on to its
    /// compiled code, `None` under verify (every block returns).
    pub chain: Option<ChainTables>,
    /// The arena index of the block's first instruction: an operation run
    /// by the interpreter ([`interpreted`]) is named by its arena entry,
    /// which lives exactly as long as the compiled code (`jit_bridge.rs`).
    pub first: usize,
}

/// The tables a block's exit reads to go on to the next compiled block
/// without returning to the run loop, the lookup `Hart::block_at` and
/// `Jit::lookup` make there: all fixed for the life of the hart.
#[derive(Clone, Copy, Debug)]
pub(super) struct ChainTables {
    /// The block maps (`u32` arena indices, `hart/blocks.rs`).
    pub start_of: usize,
    /// Per arena index: the compiled entry (`usize`, 0 for none) and the
    /// instructions compiled (`u8`).
    pub code: usize,
    pub len: usize,
}

/// Operations that compiled code hands to the interpreter, one at a time,
/// and then goes on ([`helpers::exec`]): they stay inside their block in
/// the interpreter too (no jump, no change of privilege, translation
/// context or `next_check` except by a trap or a flagged store, which end
/// the compiled block as a slow-path access does). F, D and Zfh (their
/// registers live in the hart only), A and Zacas, Zbc, the Zbkb/Zbkx
/// additions, the cache-block operations and the may-be-operations.
fn interpreted(op: Op) -> bool {
    use Op::*;
    matches!(
        op,
        crate::isa::fp_ops!()
            | LrW
            | ScW
            | AmoswapW
            | AmoaddW
            | AmoxorW
            | AmoandW
            | AmoorW
            | AmominW
            | AmomaxW
            | AmominuW
            | AmomaxuW
            | LrD
            | ScD
            | AmoswapD
            | AmoaddD
            | AmoxorD
            | AmoandD
            | AmoorD
            | AmominD
            | AmomaxD
            | AmominuD
            | AmomaxuD
            | AmocasW
            | AmocasD
            | AmocasQ
            | Clmul
            | Clmulh
            | Clmulr
            | OrcB
            | Pack
            | Packh
            | Packw
            | Brev8
            | Xperm4
            | Xperm8
            | CboClean
            | CboFlush
            | CboInval
            | CboZero
            | MopR
            | MopRr
            | CMop
    )
}

/// Whether the compiler handles `op` (itself or through the interpreter).
fn compilable(op: Op) -> bool {
    use Op::*;
    interpreted(op)
        || matches!(
            op,
            Lui | Auipc
                | Jal
                | Jalr
                | Beq
                | Bne
                | Blt
                | Bge
                | Bltu
                | Bgeu
                | Lb
                | Lh
                | Lw
                | Ld
                | Lbu
                | Lhu
                | Lwu
                | Sb
                | Sh
                | Sw
                | Sd
                | Addi
                | Slti
                | Sltiu
                | Xori
                | Ori
                | Andi
                | Slli
                | Srli
                | Srai
                | Addiw
                | Slliw
                | Srliw
                | Sraiw
                | Add
                | Sub
                | Sll
                | Slt
                | Sltu
                | Xor
                | Srl
                | Sra
                | Or
                | And
                | Addw
                | Subw
                | Sllw
                | Srlw
                | Sraw
                | Mul
                | Mulh
                | Mulhsu
                | Mulhu
                | Div
                | Divu
                | Rem
                | Remu
                | Mulw
                | Divw
                | Divuw
                | Remw
                | Remuw
                | Fence
                | FenceI
                | AddUw
                | Sh1add
                | Sh2add
                | Sh3add
                | Sh1addUw
                | Sh2addUw
                | Sh3addUw
                | SlliUw
                | Andn
                | Orn
                | Xnor
                | Clz
                | Clzw
                | Ctz
                | Ctzw
                | Cpop
                | Cpopw
                | Max
                | Maxu
                | Min
                | Minu
                | SextB
                | SextH
                | ZextH
                | Rol
                | Ror
                | Rori
                | Rolw
                | Rorw
                | Roriw
                | Rev8
                | Bclr
                | Bclri
                | Bext
                | Bexti
                | Binv
                | Binvi
                | Bset
                | Bseti
                | CzeroEqz
                | CzeroNez
        )
}

/// How many leading instructions of `instrs` are compiled: up to the first
/// the compiler does not handle, or through the first jump.
pub(super) fn compiled_len(instrs: &[Instr]) -> usize {
    let mut n = 0;
    for i in instrs {
        if !compilable(i.op) {
            break;
        }
        n += 1;
        if matches!(i.op, Op::Jal | Op::Jalr) {
            break;
        }
    }
    n
}

/// Fills `func` (signature already set: one pointer argument) with the code
/// of `instrs`, all of which [`compiled_len`] accepts.
pub(super) fn translate(
    func: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
    instrs: &[Instr],
    env: &Env,
) {
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let hart = b.block_params(entry)[0];
    let l = HartLayout::HART;
    let pc0 = b.ins().load(I64, MemFlags::trusted(), hart, l.pc);
    let r_entry = b.ins().load(I64, MemFlags::trusted(), hart, l.retired);
    // `data_bare` is constant while compiled code runs: only CSR writes,
    // traps, xRET and sfence.vma change the translation context, and none
    // of them is compiled or interpreted inside a compiled block. Accesses
    // do not test it (the page caches serve bare accesses too,
    // `hart/data_pages.rs`); every exit's hit count needs `not bare`. The
    // page caches' epochs are not constant (an interpreted LR empties the
    // store page cache): they are read where they are used (a load from
    // the hart costs what a spill slot's reload would).
    let data_bare = b.ins().uload8(I32, MemFlags::trusted(), hart, l.data_bare);
    let translated = b.ins().bxor_imm(data_bare, 1);
    let not_bare = b.ins().uextend(I64, translated);
    // The loop head: a jump back to the block's first instruction runs the
    // block again from here, with `retired` as the parameter.
    let ret = b.create_block();
    let head = b.create_block();
    let r0 = b.append_block_param(head, I64);
    b.ins().jump(head, &[BlockArg::Value(r_entry)]);
    b.switch_to_block(head);
    let out = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
    let ptr = I64;
    // load(hart, va, size_len, pc, retired, out) and store(hart, va,
    // size_len, value, pc, retired), both -> status (helpers.rs).
    let mut sig = ir::Signature::new(env.call_conv);
    sig.params.push(AbiParam::new(ptr));
    sig.params.extend([AbiParam::new(I64); 4]);
    sig.params.push(AbiParam::new(ptr));
    sig.returns.push(AbiParam::new(I32));
    let load_sig = b.import_signature(sig);
    let mut sig = ir::Signature::new(env.call_conv);
    sig.params.push(AbiParam::new(ptr));
    sig.params.extend([AbiParam::new(I64); 5]);
    sig.returns.push(AbiParam::new(I32));
    let store_sig = b.import_signature(sig);
    let mut sig = ir::Signature::new(env.call_conv);
    sig.params.push(AbiParam::new(ptr));
    sig.params.extend([AbiParam::new(I64); 4]);
    let note_sig = b.import_signature(sig);
    // exec(hart, arena index, pc, retired before, access) -> status
    // (helpers.rs).
    let mut sig = ir::Signature::new(env.call_conv);
    sig.params.push(AbiParam::new(ptr));
    sig.params.extend([AbiParam::new(I64); 4]);
    sig.returns.push(AbiParam::new(I32));
    let exec_sig = b.import_signature(sig);
    // A compiled block: (hart) -> (), by the tail-call convention, so that
    // one block can go on to the next (`Translator::chain`).
    let block_sig = b.import_signature(b.func.signature.clone());
    let mut t = Translator {
        b,
        env,
        l,
        hart,
        pc0,
        r0,
        head,
        len: instrs.len(),
        pending: [0; 2],
        not_bare,
        ret,
        returns: false,
        regs: [None; 32],
        out,
        load_sig,
        store_sig,
        note_sig,
        exec_sig,
        block_sig,
        leave: None,
    };
    let mut off = 0u64;
    let mut ended = false;
    for (idx, i) in instrs.iter().enumerate() {
        if t.instr(*i, idx, off) {
            ended = true;
            break;
        }
        off += u64::from(i.len);
    }
    if !ended {
        let pc = t.pc_at(off);
        let r = t.retired_at(instrs.len());
        t.exit(pc, r);
    }
    t.emit_leave();
    if t.returns {
        t.b.switch_to_block(t.ret);
        t.b.ins().return_(&[]);
    }
    t.b.seal_all_blocks();
    t.b.finalize();
}

struct Translator<'a, 'e> {
    b: FunctionBuilder<'a>,
    env: &'e Env,
    l: HartLayout,
    hart: Value,
    /// The block's entry pc and `retired`.
    pc0: Value,
    r0: Value,
    /// The loop head (see `translate`) and the instructions compiled.
    head: ir::Block,
    len: usize,
    /// A block that only returns (after a helper set pc and `retired`),
    /// and whether anything jumps to it.
    ret: ir::Block,
    returns: bool,
    /// Page-cache hits (load, store) not yet added to the hart's counters.
    pending: [i64; 2],
    /// 1 when data accesses translate (`!data_bare`), as an i64.
    not_bare: Value,
    /// x1..x31 as known in this block so far.
    regs: [Option<Value>; 32],
    /// A load helper's result.
    out: StackSlot,
    load_sig: SigRef,
    store_sig: SigRef,
    note_sig: SigRef,
    exec_sig: SigRef,
    block_sig: SigRef,
    /// The shared exit tail (pc, retired), once an exit needs it.
    leave: Option<ir::Block>,
}

/// How a load extends its value.
#[derive(Clone, Copy)]
enum Ext {
    Signed,
    Unsigned,
}

impl Translator<'_, '_> {
    fn reg(&mut self, r: u8) -> Value {
        let r = usize::from(r);
        if r == 0 || r >= 32 {
            return self.b.ins().iconst(I64, 0);
        }
        if let Some(v) = self.regs[r] {
            return v;
        }
        let v = self
            .b
            .ins()
            .load(I64, MemFlags::trusted(), self.hart, self.l.x + 8 * r as i32);
        self.regs[r] = Some(v);
        v
    }

    /// Writes `rd` (x0 and the sink are dropped).
    fn set(&mut self, rd: u8, v: Value) {
        let r = usize::from(rd);
        if r == 0 || r >= 32 {
            return;
        }
        self.b
            .ins()
            .store(MemFlags::trusted(), v, self.hart, self.l.x + 8 * r as i32);
        self.regs[r] = Some(v);
    }

    fn pc_at(&mut self, off: u64) -> Value {
        self.b.ins().iadd_imm(self.pc0, off as i64)
    }

    fn retired_at(&mut self, n: usize) -> Value {
        self.b.ins().iadd_imm(self.r0, n as i64)
    }

    /// Goes to the instruction at byte offset `target` (a taken jump) with
    /// `retired` = entry + `done`: back to the loop head when that is the
    /// block's start and another full run cannot pass `next_check` (read
    /// afresh: a slow path may have lowered it), else out.
    fn jump_to(&mut self, target: u64, done: usize) {
        let r = self.retired_at(done);
        if target != 0 {
            let pc = self.pc_at(target);
            self.exit(pc, r);
            return;
        }
        let f = MemFlags::trusted();
        let next_check = self.b.ins().load(I64, f, self.hart, self.l.next_check);
        let end = self.b.ins().iadd_imm(r, self.len as i64);
        let room = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, end, next_check);
        let out = self.b.create_block();
        let again = self.b.create_block();
        self.b.ins().brif(room, again, &[], out, &[]);
        self.b.switch_to_block(again);
        self.flush_hits();
        self.b.ins().jump(self.head, &[BlockArg::Value(r)]);
        self.b.switch_to_block(out);
        let pc = self.pc0;
        self.exit(pc, r);
    }

    /// Leaves the compiled block: pc and retired to the hart, then on to
    /// the next block's compiled code ([`Translator::chain`]) or back to
    /// the run loop.
    /// All exits share one such tail ([`Translator::leave`]), emitted
    /// once at the end: a block's code stays small and quick to compile.
    fn exit(&mut self, pc: Value, retired: Value) {
        self.flush_hits();
        let leave = match self.leave {
            Some(b) => b,
            None => {
                let b = self.b.create_block();
                self.b.append_block_param(b, I64);
                self.b.append_block_param(b, I64);
                self.leave = Some(b);
                b
            }
        };
        self.b
            .ins()
            .jump(leave, &[BlockArg::Value(pc), BlockArg::Value(retired)]);
    }

    /// Emits the shared exit tail, if any exit jumps to it: stores pc and
    /// retired, then chains or returns.
    fn emit_leave(&mut self) {
        let Some(leave) = self.leave else { return };
        self.b.switch_to_block(leave);
        let (pc, retired) = (self.b.block_params(leave)[0], self.b.block_params(leave)[1]);
        let f = MemFlags::trusted();
        self.b.ins().store(f, pc, self.hart, self.l.pc);
        self.b.ins().store(f, retired, self.hart, self.l.retired);
        if let Some(tables) = self.env.chain {
            self.chain(tables, pc, retired);
        }
        self.b.ins().return_(&[]);
    }

    /// Goes on to the compiled code of the block at `pc` (with `retired`)
    /// by a tail call, as the run loop would enter it (`jit_bridge.rs`):
    /// the block the fetch page's map names at `pc`, if it has compiled
    /// code and a full run of it stays within `next_check`. When `pc` is
    /// off the fetch page, the page is looked up among the recent fetch
    /// pages first, as `Hart::fetch_place` does ([`Translator::switch_page`]).
    /// A forgotten fetch page has base 0, whose parcels all name no block;
    /// an odd `pc` is on no page. Otherwise falls through (to a return).
    fn chain(&mut self, t: ChainTables, pc: Value, retired: Value) {
        let f = MemFlags::trusted();
        let l = self.l;
        let otherwise = self.b.create_block();
        let look = self.b.create_block();
        let base_p = self.b.append_block_param(look, I64);
        let parcel_p = self.b.append_block_param(look, I64);
        let va_page = self.b.ins().load(I64, f, self.hart, l.fetch_va_page);
        let base = self.b.ins().load(I64, f, self.hart, l.fetch_base);
        let other_page = self.b.create_block();
        self.parcel_of(pc, va_page, base, look, other_page);
        self.b.switch_to_block(other_page);
        self.switch_page(pc, look, otherwise);
        self.b.switch_to_block(look);
        let idx = self.b.ins().iadd(base_p, parcel_p);
        let at = self.b.ins().ishl_imm(idx, 2);
        let at = self.b.ins().iadd_imm(at, t.start_of as i64);
        let k = self.b.ins().uload32(f, at, 0);
        let at = self.b.ins().ishl_imm(k, 3);
        let at = self.b.ins().iadd_imm(at, t.code as i64);
        let entry = self.b.ins().load(I64, f, at, 0);
        let compiled = self.b.create_block();
        self.b.ins().brif(entry, compiled, &[], otherwise, &[]);
        self.b.switch_to_block(compiled);
        let at = self.b.ins().iadd_imm(k, t.len as i64);
        let len = self.b.ins().uload8(I64, f, at, 0);
        let end = self.b.ins().iadd(retired, len);
        let next_check = self.b.ins().load(I64, f, self.hart, l.next_check);
        let room = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, end, next_check);
        let go = self.b.create_block();
        self.b.ins().brif(room, go, &[], otherwise, &[]);
        self.b.switch_to_block(go);
        let sig = self.block_sig;
        self.b.ins().return_call_indirect(sig, entry, &[self.hart]);
        self.b.switch_to_block(otherwise);
    }

    /// `pc` is off the fetch page: when its page is among the recent fetch
    /// pages (`hart/fetch_pages.rs`) and RAM still marks that page as
    /// holding decoded code, makes it the fetch page and goes to `look`
    /// with its base and `pc`'s parcel; else to `otherwise`. The same
    /// test and the same switch as `Hart::fetch_place`.
    fn switch_page(&mut self, pc: Value, look: ir::Block, otherwise: ir::Block) {
        let f = MemFlags::trusted();
        let l = self.l;
        let vpn = self
            .b
            .ins()
            .ushr_imm(pc, i64::from(PAGE_SIZE.trailing_zeros()));
        let slot = self.b.ins().band_imm(vpn, l.pages_slots - 1);
        let at = self
            .b
            .ins()
            .ishl_imm(slot, i64::from(l.pages_entry_size.trailing_zeros()));
        let e = self.b.ins().iadd(self.hart, at);
        let key = self.b.ins().load(I64, f, e, l.pages_entries + l.pages_key);
        let epoch = self.b.ins().load(I64, f, self.hart, l.pages_epoch);
        let want = self.b.ins().bor(vpn, epoch);
        let hit = self.b.ins().icmp(IntCC::Equal, key, want);
        let found = self.b.create_block();
        self.b.ins().brif(hit, found, &[], otherwise, &[]);
        self.b.switch_to_block(found);
        let page = l.pages_entries + l.pages_page;
        let ram_page = self.b.ins().load(I64, f, e, page + l.page_ram_page);
        let code_page = self
            .b
            .ins()
            .ushr_imm(ram_page, i64::from(crate::ram::CODE_PAGE_SHIFT));
        let flag_at = self.b.ins().iadd_imm(code_page, self.env.ram.flags as i64);
        let flags = self.b.ins().uload8(I32, f, flag_at, 0);
        let code = self.b.ins().band_imm(flags, i64::from(crate::ram::CODE));
        let switch = self.b.create_block();
        self.b.ins().brif(code, switch, &[], otherwise, &[]);
        self.b.switch_to_block(switch);
        let va_page = self.b.ins().load(I64, f, e, page + l.page_va_page);
        let base = self.b.ins().load(I64, f, e, page + l.page_base);
        self.b.ins().store(f, va_page, self.hart, l.fetch_va_page);
        self.b.ins().store(f, base, self.hart, l.fetch_base);
        self.b.ins().store(f, ram_page, self.hart, l.fetch_ram_page);
        self.parcel_of(pc, va_page, base, look, otherwise);
    }

    /// Goes to `look` with (`base`, the parcel of `pc`) when `pc` is even
    /// and on the page at `va_page` (as `FetchPage::parcel`: an odd offset
    /// rotates into the top bit), else to `otherwise`.
    fn parcel_of(
        &mut self,
        pc: Value,
        va_page: Value,
        base: Value,
        look: ir::Block,
        otherwise: ir::Block,
    ) {
        let d = self.b.ins().isub(pc, va_page);
        let parcel = self.b.ins().rotr_imm(d, 1);
        let on_page =
            self.b
                .ins()
                .icmp_imm(IntCC::UnsignedLessThan, parcel, (PAGE_SIZE / 2) as i64);
        self.b.ins().brif(
            on_page,
            look,
            &[BlockArg::Value(base), BlockArg::Value(parcel)],
            otherwise,
            &[],
        );
    }

    /// Instruction `i` (number `idx`, at byte offset `off`) run by the
    /// interpreter through [`helpers::exec`]; the block goes on unless it
    /// trapped or must look at events (the helper then set pc and
    /// `retired`). Registers are read afresh afterwards. Returns false.
    fn interpret(&mut self, idx: usize, off: u64) -> bool {
        self.flush_hits();
        self.reset_hits();
        let status = self.call_exec(idx, off, 0);
        self.check_status(status);
        // It may have written rd (amocas.q rd and rd + 1): read afresh.
        self.regs = [None; 32];
        false
    }

    /// Calls [`helpers::exec`] for instruction `idx` (at byte offset
    /// `off`); `access` as there. Returns the status.
    fn call_exec(&mut self, idx: usize, off: u64, access: i64) -> Value {
        let at = self.b.ins().iconst(I64, (self.env.first + idx) as i64);
        let pc = self.pc_at(off);
        let retired = self.retired_at(idx);
        let access = self.b.ins().iconst(I64, access);
        let callee = self
            .b
            .ins()
            .iconst(I64, helpers::exec as helpers::ExecFn as usize as i64);
        let call = self.b.ins().call_indirect(
            self.exec_sig,
            callee,
            &[self.hart, at, pc, retired, access],
        );
        self.b.inst_results(call)[0]
    }

    /// FLW/FLD (`ty` I32/I64, Unprivileged 20191213 sections 11.5, 12.3) and
    /// FSW/FSD (`store`): the integer access's inline fast path, when FP is
    /// on (mstatus.FS not Off) and V = 0; a load NaN-boxes a binary32 and
    /// sets FS to Dirty, as `hart/fp.rs` does. Otherwise, and on a
    /// page-cache miss, the interpreter runs the whole instruction
    /// ([`helpers::exec`]; it traps when FP is off). Not under verify (the
    /// interpreter side records integer stores only): the interpreter runs
    /// them there. Returns false.
    fn fp_access(&mut self, i: Instr, idx: usize, off: u64, ty: Type, store: bool) -> bool {
        if self.env.verify {
            return self.interpret(idx, off);
        }
        let f = MemFlags::trusted();
        let which = usize::from(store);
        let slow = self.b.create_block();
        let join = self.b.create_block();
        let before = self.pending;
        // Read here, where it dominates everything after the join.
        let base = self.reg(i.rs1);
        // FP usable without V: mstatus.FS != Off and virt == 0.
        let (on, mstatus) = self.fp_on();
        let usable = self.b.create_block();
        self.b.ins().brif(on, usable, &[], slow, &[]);
        self.b.switch_to_block(usable);
        let va = self.b.ins().iadd_imm(base, i64::from(i.imm));
        let host = self.fast_address(va, ty, which, slow);
        let nt = MemFlags::new().with_notrap();
        if store {
            // No flag or reservation test: as for integer stores.
            let at = self.l.f + 8 * i32::from(i.rs2 & 31);
            let v = self.b.ins().load(I64, f, self.hart, at);
            let v = if ty == I64 {
                v
            } else {
                self.b.ins().ireduce(ty, v)
            };
            self.b.ins().store(nt, v, host, 0);
        } else {
            let v = self.b.ins().load(ty, nt, host, 0);
            let v = if ty == I64 {
                v
            } else {
                // NaN-boxing (section 12.2).
                let w = self.b.ins().uextend(I64, v);
                self.b.ins().bor_imm(w, !0xffff_ffff_i64)
            };
            let at = self.l.f + 8 * i32::from(i.rd & 31);
            self.b.ins().store(f, v, self.hart, at);
            let dirty = self
                .b
                .ins()
                .bor_imm(mstatus, crate::hart::csr::MSTATUS_FS as i64);
            self.b.ins().store(f, dirty, self.hart, self.l.mstatus);
        }
        self.count_hit(which);
        self.b.ins().jump(join, &[]);
        // Slow: the interpreter runs the instruction; on success it takes
        // off the hit counted here (both paths join with `before` + 1).
        self.b.switch_to_block(slow);
        self.pending = before;
        let status = self.call_exec(idx, off, 1 + which as i64);
        let trapped = self
            .b
            .ins()
            .icmp_imm(IntCC::Equal, status, i64::from(status::TRAPPED));
        let out = self.b.create_block();
        let go = self.b.create_block();
        self.b.ins().brif(trapped, out, &[], go, &[]);
        self.b.switch_to_block(out);
        self.leave_returning();
        self.b.switch_to_block(go);
        self.count_hit(which);
        self.check_status(status);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        false
    }

    fn sext_w(&mut self, v: Value) -> Value {
        let w = self.b.ins().ireduce(I32, v);
        self.b.ins().sextend(I64, w)
    }

    fn zext_w(&mut self, v: Value) -> Value {
        let w = self.b.ins().ireduce(I32, v);
        self.b.ins().uextend(I64, w)
    }

    fn flag(&mut self, cc: IntCC, a: Value, b: Value) -> Value {
        let c = self.b.ins().icmp(cc, a, b);
        self.b.ins().uextend(I64, c)
    }

    /// Emits instruction `i` (number `idx` of the block, at byte offset
    /// `off`). Returns true when it left the block for good (a jump).
    fn instr(&mut self, i: Instr, idx: usize, off: u64) -> bool {
        if let Some((a, double)) = fp_arith::arith(i.op) {
            return self.fp_arith(i, idx, off, a, double);
        }
        if let Some((m, double)) = fp_arith::bit_move(i.op) {
            return self.fp_move(i, idx, off, m, double);
        }
        match i.op {
            Op::Fld => return self.fp_access(i, idx, off, I64, false),
            Op::Flw => return self.fp_access(i, idx, off, I32, false),
            Op::Fsd => return self.fp_access(i, idx, off, I64, true),
            Op::Fsw => return self.fp_access(i, idx, off, I32, true),
            op if interpreted(op) => return self.interpret(idx, off),
            _ => {}
        }
        let imm = i64::from(i.imm);
        let next_off = off + u64::from(i.len);
        let (rs1, rs2) = (i.rs1, i.rs2);
        macro_rules! a {
            () => {
                self.reg(rs1)
            };
        }
        macro_rules! b {
            () => {
                self.reg(rs2)
            };
        }
        // rd = op(rs1, rs2), op(rs1), op(rs1, immediate), rs1 <cc> rs2.
        macro_rules! bin {
            ($op:ident) => {{
                let (a, b) = (a!(), b!());
                self.b.ins().$op(a, b)
            }};
        }
        macro_rules! un {
            ($op:ident) => {{
                let a = a!();
                self.b.ins().$op(a)
            }};
        }
        macro_rules! imm {
            ($op:ident, $imm:expr) => {{
                let a = a!();
                self.b.ins().$op(a, $imm)
            }};
        }
        macro_rules! flag {
            ($cc:expr) => {{
                let (a, b) = (a!(), b!());
                self.flag($cc, a, b)
            }};
        }
        let v = match i.op {
            Op::Jal => {
                let link = self.pc_at(next_off);
                self.set(i.rd, link);
                self.jump_to(off.wrapping_add(imm as u64), idx + 1);
                return true;
            }
            Op::Jalr => {
                // The target before rd is written (rd may be rs1).
                let base = a!();
                let t = self.b.ins().iadd_imm(base, imm);
                let target = self.b.ins().band_imm(t, !1);
                let link = self.pc_at(next_off);
                self.set(i.rd, link);
                let r = self.retired_at(idx + 1);
                self.exit(target, r);
                return true;
            }
            Op::Beq => return self.branch(IntCC::Equal, i, idx, off),
            Op::Bne => return self.branch(IntCC::NotEqual, i, idx, off),
            Op::Blt => return self.branch(IntCC::SignedLessThan, i, idx, off),
            Op::Bge => return self.branch(IntCC::SignedGreaterThanOrEqual, i, idx, off),
            Op::Bltu => return self.branch(IntCC::UnsignedLessThan, i, idx, off),
            Op::Bgeu => return self.branch(IntCC::UnsignedGreaterThanOrEqual, i, idx, off),
            Op::Fence | Op::FenceI => return false,

            Op::Lb => return self.load(i, idx, off, I8, Ext::Signed),
            Op::Lh => return self.load(i, idx, off, I16, Ext::Signed),
            Op::Lw => return self.load(i, idx, off, I32, Ext::Signed),
            Op::Ld => return self.load(i, idx, off, I64, Ext::Unsigned),
            Op::Lbu => return self.load(i, idx, off, I8, Ext::Unsigned),
            Op::Lhu => return self.load(i, idx, off, I16, Ext::Unsigned),
            Op::Lwu => return self.load(i, idx, off, I32, Ext::Unsigned),
            Op::Sb => return self.store(i, idx, off, I8),
            Op::Sh => return self.store(i, idx, off, I16),
            Op::Sw => return self.store(i, idx, off, I32),
            Op::Sd => return self.store(i, idx, off, I64),

            Op::Lui => self.b.ins().iconst(I64, imm),
            Op::Auipc => self.pc_at(off.wrapping_add(imm as u64)),
            // li (addi rd, x0, imm): the constant itself.
            Op::Addi if rs1 == 0 => self.b.ins().iconst(I64, imm),
            Op::Addi => imm!(iadd_imm, imm),
            Op::Slti => {
                let a = a!();
                let c = self.b.ins().icmp_imm(IntCC::SignedLessThan, a, imm);
                self.b.ins().uextend(I64, c)
            }
            Op::Sltiu => {
                let a = a!();
                let c = self.b.ins().icmp_imm(IntCC::UnsignedLessThan, a, imm);
                self.b.ins().uextend(I64, c)
            }
            Op::Xori => imm!(bxor_imm, imm),
            Op::Ori => imm!(bor_imm, imm),
            Op::Andi => imm!(band_imm, imm),
            Op::Slli => imm!(ishl_imm, imm & 63),
            Op::Srli => imm!(ushr_imm, imm & 63),
            Op::Srai => imm!(sshr_imm, imm & 63),
            Op::Addiw => {
                let a = a!();
                let s = self.b.ins().iadd_imm(a, imm);
                self.sext_w(s)
            }
            Op::Slliw | Op::Srliw | Op::Sraiw => {
                let a = a!();
                let w = self.b.ins().ireduce(I32, a);
                let sh = imm & 31;
                let r = match i.op {
                    Op::Slliw => self.b.ins().ishl_imm(w, sh),
                    Op::Srliw => self.b.ins().ushr_imm(w, sh),
                    _ => self.b.ins().sshr_imm(w, sh),
                };
                self.b.ins().sextend(I64, r)
            }
            Op::Add => bin!(iadd),
            Op::Sub => bin!(isub),
            // Cranelift shifts by the amount modulo the width, as RV64 does.
            Op::Sll => bin!(ishl),
            Op::Srl => bin!(ushr),
            Op::Sra => bin!(sshr),
            Op::Slt => flag!(IntCC::SignedLessThan),
            Op::Sltu => flag!(IntCC::UnsignedLessThan),
            Op::Xor => bin!(bxor),
            Op::Or => bin!(bor),
            Op::And => bin!(band),
            Op::Addw => {
                let (a, b) = (a!(), b!());
                let s = self.b.ins().iadd(a, b);
                self.sext_w(s)
            }
            Op::Subw => {
                let (a, b) = (a!(), b!());
                let s = self.b.ins().isub(a, b);
                self.sext_w(s)
            }
            Op::Sllw | Op::Srlw | Op::Sraw | Op::Rolw | Op::Rorw => {
                let (a, b) = (a!(), b!());
                let w = self.b.ins().ireduce(I32, a);
                let s = self.b.ins().ireduce(I32, b);
                let r = match i.op {
                    Op::Sllw => self.b.ins().ishl(w, s),
                    Op::Srlw => self.b.ins().ushr(w, s),
                    Op::Sraw => self.b.ins().sshr(w, s),
                    Op::Rolw => self.b.ins().rotl(w, s),
                    _ => self.b.ins().rotr(w, s),
                };
                self.b.ins().sextend(I64, r)
            }

            Op::Mul => bin!(imul),
            Op::Mulh => bin!(smulhi),
            Op::Mulhu => bin!(umulhi),
            Op::Mulhsu => {
                // mulhu(a, b) - (a < 0 ? b : 0): a as signed is a - 2^64
                // when negative.
                let (a, b) = (a!(), b!());
                let hu = self.b.ins().umulhi(a, b);
                let neg = self.b.ins().sshr_imm(a, 63);
                let fix = self.b.ins().band(neg, b);
                self.b.ins().isub(hu, fix)
            }
            Op::Mulw => {
                let (a, b) = (a!(), b!());
                let p = self.b.ins().imul(a, b);
                self.sext_w(p)
            }
            Op::Div | Op::Divu | Op::Rem | Op::Remu => {
                let (a, b) = (a!(), b!());
                self.divide(i.op, a, b, I64)
            }
            Op::Divw | Op::Divuw | Op::Remw | Op::Remuw => {
                let (a, b) = (a!(), b!());
                let a = self.b.ins().ireduce(I32, a);
                let b = self.b.ins().ireduce(I32, b);
                let r = self.divide(i.op, a, b, I32);
                self.b.ins().sextend(I64, r)
            }

            // Zba.
            Op::AddUw => {
                let (a, b) = (a!(), b!());
                let a = self.zext_w(a);
                self.b.ins().iadd(a, b)
            }
            Op::Sh1add | Op::Sh2add | Op::Sh3add => {
                let (a, b) = (a!(), b!());
                let sh = match i.op {
                    Op::Sh1add => 1,
                    Op::Sh2add => 2,
                    _ => 3,
                };
                let s = self.b.ins().ishl_imm(a, sh);
                self.b.ins().iadd(s, b)
            }
            Op::Sh1addUw | Op::Sh2addUw | Op::Sh3addUw => {
                let (a, b) = (a!(), b!());
                let sh = match i.op {
                    Op::Sh1addUw => 1,
                    Op::Sh2addUw => 2,
                    _ => 3,
                };
                let a = self.zext_w(a);
                let s = self.b.ins().ishl_imm(a, sh);
                self.b.ins().iadd(s, b)
            }
            Op::SlliUw => {
                let a = a!();
                let a = self.zext_w(a);
                self.b.ins().ishl_imm(a, imm & 63)
            }
            // Zbb.
            Op::Andn => bin!(band_not),
            Op::Orn => bin!(bor_not),
            Op::Xnor => bin!(bxor_not),
            Op::Clz => un!(clz),
            Op::Ctz => un!(ctz),
            Op::Cpop => un!(popcnt),
            Op::Clzw | Op::Ctzw | Op::Cpopw => {
                let a = a!();
                let w = self.b.ins().ireduce(I32, a);
                let r = match i.op {
                    Op::Clzw => self.b.ins().clz(w),
                    Op::Ctzw => self.b.ins().ctz(w),
                    _ => self.b.ins().popcnt(w),
                };
                self.b.ins().uextend(I64, r)
            }
            Op::Max => bin!(smax),
            Op::Maxu => bin!(umax),
            Op::Min => bin!(smin),
            Op::Minu => bin!(umin),
            Op::SextB | Op::SextH => {
                let a = a!();
                let ty = if i.op == Op::SextB { I8 } else { I16 };
                let n = self.b.ins().ireduce(ty, a);
                self.b.ins().sextend(I64, n)
            }
            Op::ZextH => imm!(band_imm, 0xffff),
            Op::Rol => bin!(rotl),
            Op::Ror => bin!(rotr),
            Op::Rori => imm!(rotr_imm, imm & 63),
            Op::Roriw => {
                let a = a!();
                let w = self.b.ins().ireduce(I32, a);
                let r = self.b.ins().rotr_imm(w, imm & 31);
                self.b.ins().sextend(I64, r)
            }
            Op::Rev8 => un!(bswap),
            // Zbs: the bit index modulo 64.
            Op::Bclr | Op::Bext | Op::Binv | Op::Bset => {
                let (a, b) = (a!(), b!());
                let one = self.b.ins().iconst(I64, 1);
                let bit = self.b.ins().ishl(one, b);
                match i.op {
                    Op::Bclr => self.b.ins().band_not(a, bit),
                    Op::Binv => self.b.ins().bxor(a, bit),
                    Op::Bset => self.b.ins().bor(a, bit),
                    _ => {
                        let s = self.b.ins().ushr(a, b);
                        self.b.ins().band_imm(s, 1)
                    }
                }
            }
            Op::Bclri | Op::Bexti | Op::Binvi | Op::Bseti => {
                let a = a!();
                let bit = 1i64 << (imm & 63);
                match i.op {
                    Op::Bclri => self.b.ins().band_imm(a, !bit),
                    Op::Binvi => self.b.ins().bxor_imm(a, bit),
                    Op::Bseti => self.b.ins().bor_imm(a, bit),
                    _ => {
                        let s = self.b.ins().ushr_imm(a, imm & 63);
                        self.b.ins().band_imm(s, 1)
                    }
                }
            }
            // Zicond.
            Op::CzeroEqz | Op::CzeroNez => {
                let (a, c) = (a!(), b!());
                let zero = self.b.ins().iconst(I64, 0);
                if i.op == Op::CzeroEqz {
                    self.b.ins().select(c, a, zero)
                } else {
                    self.b.ins().select(c, zero, a)
                }
            }
            // `compiled_len` stops before anything else.
            _ => return true,
        };
        self.set(i.rd, v);
        false
    }

    /// DIV[U]/REM[U] at width `ty` (Unprivileged 20191213, section 7.2,
    /// table 7.1): by zero, all ones or the dividend; the signed overflow
    /// gives the dividend or 0. Cranelift's divisions trap on both, so the
    /// divisor is replaced by 1 there, which gives exactly the overflow
    /// results (x / 1 = x, x % 1 = 0), and the by-zero results are selected.
    fn divide(&mut self, op: Op, a: Value, b: Value, ty: Type) -> Value {
        let zero = self.b.ins().icmp_imm(IntCC::Equal, b, 0);
        let one = self.b.ins().iconst(ty, 1);
        let signed = matches!(op, Op::Div | Op::Rem | Op::Divw | Op::Remw);
        let safe_b = if signed {
            let min = if ty == I32 {
                i64::from(i32::MIN)
            } else {
                i64::MIN
            };
            let a_min = self.b.ins().icmp_imm(IntCC::Equal, a, min);
            let b_m1 = self.b.ins().icmp_imm(IntCC::Equal, b, -1);
            let ovf = self.b.ins().band(a_min, b_m1);
            let bad = self.b.ins().bor(ovf, zero);
            self.b.ins().select(bad, one, b)
        } else {
            self.b.ins().select(zero, one, b)
        };
        match op {
            Op::Div | Op::Divw | Op::Divu | Op::Divuw => {
                let q = if signed {
                    self.b.ins().sdiv(a, safe_b)
                } else {
                    self.b.ins().udiv(a, safe_b)
                };
                let all_ones = self.b.ins().iconst(ty, -1);
                self.b.ins().select(zero, all_ones, q)
            }
            _ => {
                let r = if signed {
                    self.b.ins().srem(a, safe_b)
                } else {
                    self.b.ins().urem(a, safe_b)
                };
                self.b.ins().select(zero, a, r)
            }
        }
    }

    /// A conditional branch: a side exit to the target when taken.
    fn branch(&mut self, cc: IntCC, i: Instr, idx: usize, off: u64) -> bool {
        let (a, b) = (self.reg(i.rs1), self.reg(i.rs2));
        let c = self.b.ins().icmp(cc, a, b);
        let taken = self.b.create_block();
        let fall = self.b.create_block();
        self.b.ins().brif(c, taken, &[], fall, &[]);
        self.b.switch_to_block(taken);
        self.jump_to(off.wrapping_add(i64::from(i.imm) as u64), idx + 1);
        self.b.switch_to_block(fall);
        false
    }

    /// The host address of `va` for an access of `ty` (load or store page
    /// cache by `which`), or a jump to `slow`: a page-cache hit of an
    /// access within one page of guest RAM, whose entry gives the host
    /// address with one add (`hart/data_pages.rs`; under bare data
    /// accesses too, where the slow path fills identity translations,
    /// `Hart::fill_bare`), and for a store needs no more tests (see the
    /// store page cache's invariant there). The caller counts the hit
    /// ([`Translator::count_hit`]) once it is sure to take the fast path:
    /// the slow path's own translation counts it otherwise.
    fn fast_address(&mut self, va: Value, ty: Type, which: usize, slow: ir::Block) -> Value {
        let size = i64::from(ty.bytes());
        let f = MemFlags::trusted();
        let l = self.l;
        // The page cache's RAM tag, then the host delta (bare too: its
        // entries are then identity translations, `Hart::fill_bare`). The
        // entry is that of the first byte's page, the tag compared is that
        // of the last byte's page (QEMU's softmmu TLB does the same): an
        // access crossing a page misses, since the entry at index `i`
        // holds a page whose number is `i` modulo the entries and the next
        // page's number is not (nor, wrapping, page 0 after the last).
        let shift = i64::from(PAGE_SIZE.trailing_zeros());
        let vpn = self.b.ins().ushr_imm(va, shift);
        let slot = self.b.ins().band_imm(vpn, l.index_mask);
        let scaled = self
            .b
            .ins()
            .ishl_imm(slot, i64::from(l.entry_size.trailing_zeros()));
        let e = self.b.ins().iadd(self.hart, scaled);
        let tag = self
            .b
            .ins()
            .load(I64, f, e, l.page_entries[which] + l.entry_ram_vpn);
        let epoch = self.b.ins().load(I64, f, self.hart, l.page_epoch[which]);
        let last_vpn = if size > 1 {
            let last = self.b.ins().iadd_imm(va, size - 1);
            self.b.ins().ushr_imm(last, shift)
        } else {
            vpn
        };
        let key = self.b.ins().bor(last_vpn, epoch);
        let hit = self.b.ins().icmp(IntCC::Equal, tag, key);
        let on_hit = self.b.create_block();
        self.b.ins().brif(hit, on_hit, &[], slow, &[]);
        self.b.switch_to_block(on_hit);
        let delta = self
            .b
            .ins()
            .load(I64, f, e, l.page_entries[which] + l.entry_host);
        self.b.ins().iadd(va, delta)
    }

    /// Counts a page-cache hit of access type `which` unless data
    /// accesses are bare: in `pending`, added to the hart's counters at
    /// every exit and before every helper call ([`Translator::flush_hits`]),
    /// so that the hot path has no memory read-modify-write.
    fn count_hit(&mut self, which: usize) {
        self.pending[which] += 1;
    }

    /// Adds the pending hit counts to the hart's (`Jit::hits`), on the path
    /// being emitted.
    fn flush_hits(&mut self) {
        let f = MemFlags::trusted();
        for which in 0..2 {
            let n = self.pending[which];
            if n == 0 {
                continue;
            }
            let add = match n {
                1 => self.not_bare,
                n => self.b.ins().imul_imm(self.not_bare, n),
            };
            let hits = self.b.ins().load(I64, f, self.hart, self.l.hits[which]);
            let hits = self.b.ins().iadd(hits, add);
            self.b.ins().store(f, hits, self.hart, self.l.hits[which]);
        }
    }

    /// Zero pending hits (after a flush, on a path that goes on).
    fn reset_hits(&mut self) {
        self.pending = [0; 2];
    }

    /// Leaves the block if a helper's status is not `CONTINUE` (the
    /// helper set pc and `retired` already).
    fn check_status(&mut self, status: Value) {
        let out = self.b.create_block();
        let go = self.b.create_block();
        self.b.ins().brif(status, out, &[], go, &[]);
        self.b.switch_to_block(out);
        self.leave_returning();
        self.b.switch_to_block(go);
    }

    /// Ends the path being emitted: its pending hits flushed, then a return
    /// (a helper set pc and `retired`).
    fn leave_returning(&mut self) {
        self.flush_hits();
        self.returns = true;
        self.b.ins().jump(self.ret, &[]);
    }

    /// The helpers' second argument: the access size, and the length of
    /// the instruction in bits 8 and up.
    fn size_len(&mut self, ty: Type, i: Instr) -> Value {
        let v = i64::from(ty.bytes()) | i64::from(i.len) << 8;
        self.b.ins().iconst(I64, v)
    }

    /// A load into `rd`: the inline fast path, or the interpreter's load
    /// through [`helpers::load`]. When that helper says the run loop must
    /// look at events now (`status::CHECK`: `next_check` reached, with pc
    /// and `retired` already past this instruction), rd is written first
    /// and the block is left after it, on the slow path itself. Returns
    /// false (the block goes on).
    fn load(&mut self, i: Instr, idx: usize, off: u64, ty: Type, ext: Ext) -> bool {
        let base = self.reg(i.rs1);
        let va = self.b.ins().iadd_imm(base, i64::from(i.imm));
        let slow = self.b.create_block();
        let join = self.b.create_block();
        let raw = self.b.append_block_param(join, I64);
        let before = self.pending;
        let host = self.fast_address(va, ty, 0, slow);
        let f = MemFlags::new().with_notrap();
        let v = if ty == I64 {
            self.b.ins().load(I64, f, host, 0)
        } else {
            let n = self.b.ins().load(ty, f, host, 0);
            self.b.ins().uextend(I64, n)
        };
        self.count_hit(0);
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        // Slow: the interpreter's load.
        let status = self.slow_path(slow, before, (i, idx, off), ty, va, None);
        let v = self.b.ins().stack_load(I64, self.out, 0);
        let check = self.b.create_block();
        self.b
            .ins()
            .brif(status, check, &[], join, &[BlockArg::Value(v)]);
        // `CHECK`: rd written, then out (not through `set`: this block does
        // not dominate what follows the join).
        self.b.switch_to_block(check);
        let rd = usize::from(i.rd);
        if (1..32).contains(&rd) {
            let v = self.extend(v, ty, ext);
            self.b
                .ins()
                .store(MemFlags::trusted(), v, self.hart, self.l.x + 8 * rd as i32);
        }
        self.leave_returning();
        self.b.switch_to_block(join);
        let v = self.extend(raw, ty, ext);
        self.set(i.rd, v);
        false
    }

    /// A loaded value (zero-extended from `ty`) extended as the load says.
    fn extend(&mut self, raw: Value, ty: Type, ext: Ext) -> Value {
        match (ext, ty) {
            (Ext::Signed, I64) | (Ext::Unsigned, _) => raw,
            (Ext::Signed, _) => {
                let n = self.b.ins().ireduce(ty, raw);
                self.b.ins().sextend(I64, n)
            }
        }
    }

    fn store(&mut self, i: Instr, idx: usize, off: u64, ty: Type) -> bool {
        let base = self.reg(i.rs1);
        let val = self.reg(i.rs2);
        let va = self.b.ins().iadd_imm(base, i64::from(i.imm));
        let slow = self.b.create_block();
        let join = self.b.create_block();
        let before = self.pending;
        // A hit is on a page no store must be noticed on: no RAM flag
        // (decoded code, HTIF) and not the LR reservation's (the store page
        // cache's invariant, `hart/data_pages.rs`); the slow path handles
        // those.
        let host = self.fast_address(va, ty, 1, slow);
        if self.env.verify {
            let ram_off = self
                .b
                .ins()
                .iadd_imm(host, (self.env.ram.data as i64).wrapping_neg());
            let pa = self.b.ins().iadd_imm(ram_off, self.env.ram.base as i64);
            let callee = self.b.ins().iconst(
                I64,
                helpers::note_fast_store as helpers::NoteFn as usize as i64,
            );
            let size = self.b.ins().iconst(I64, i64::from(ty.bytes()));
            self.b
                .ins()
                .call_indirect(self.note_sig, callee, &[self.hart, va, size, val, pa]);
        }
        let narrow = if ty == I64 {
            val
        } else {
            self.b.ins().ireduce(ty, val)
        };
        self.b
            .ins()
            .store(MemFlags::new().with_notrap(), narrow, host, 0);
        self.count_hit(1);
        self.b.ins().jump(join, &[]);
        // Slow: the interpreter's store; it leaves the block unless it
        // says go on (the store is done when it says `CHECK`).
        let status = self.slow_path(slow, before, (i, idx, off), ty, va, Some(val));
        self.check_status(status);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        false
    }

    /// Fills `slow`, a load's or store's slow path (`store`: the value
    /// stored): the interpreter's access through [`helpers`]; returns its
    /// status. It leaves here if the access trapped (a load's rd is not
    /// written), with the hits pending before the access (`before`)
    /// flushed; the caller handles `CHECK`. Otherwise the access counts
    /// as a pending hit as on the fast path, and the helper took one off
    /// the hart's count (its own translation counted the access), so both
    /// paths join with the same pending counts. Instruction `i` is number
    /// `idx` of the block, at byte offset `off`.
    fn slow_path(
        &mut self,
        slow: ir::Block,
        before: [i64; 2],
        (i, idx, off): (Instr, usize, u64),
        ty: Type,
        va: Value,
        store: Option<Value>,
    ) -> Value {
        self.b.switch_to_block(slow);
        self.pending = before;
        let size = self.size_len(ty, i);
        let pc = self.pc_at(off);
        let after = self.retired_at(idx + 1);
        let (sig, helper, args) = match store {
            None => {
                let out = self.b.ins().stack_addr(I64, self.out, 0);
                let f = helpers::load as helpers::LoadFn as usize;
                (self.load_sig, f, vec![self.hart, va, size, pc, after, out])
            }
            Some(val) => {
                let f = helpers::store as helpers::StoreFn as usize;
                (self.store_sig, f, vec![self.hart, va, size, val, pc, after])
            }
        };
        let callee = self.b.ins().iconst(I64, helper as i64);
        let call = self.b.ins().call_indirect(sig, callee, &args);
        let status = self.b.inst_results(call)[0];
        let trapped = self
            .b
            .ins()
            .icmp_imm(IntCC::Equal, status, i64::from(status::TRAPPED));
        let out = self.b.create_block();
        let go = self.b.create_block();
        self.b.ins().brif(trapped, out, &[], go, &[]);
        self.b.switch_to_block(out);
        self.leave_returning();
        self.b.switch_to_block(go);
        self.count_hit(usize::from(store.is_some()));
        status
    }
}
