//! The compiling tier's runtime: tier-up counters, the table of compiled
//! blocks (by arena index of the decoded block, see `hart/blocks.rs`), the
//! bounded code cache, and the entry into compiled code.

use super::compiler::{self, ChainTables, Env};
use super::worker::{Job, Worker};
use super::{JitConfig, JitMode};
use crate::hart::Hart;
use crate::isa::Instr;
use crate::ram::RamHostView;
use cranelift_codegen::ir::InstBuilder;
use cranelift_codegen::ir::{self, types, AbiParam};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Module};

/// Table entries: one per arena index.
const TABLE: usize = crate::hart::ARENA_SIZE;
/// `heat` of a block that was compiled or found not compilable: it is not
/// counted any more (until its arena index holds a new block).
const DONE: u16 = u16::MAX;
/// Blocks queued for the compile thread at most (each a copy of up to 64
/// decoded instructions, 1 KiB): beyond, a hot block is counted again.
const MAX_IN_FLIGHT: usize = 256;
/// The host memory one compiled block takes at least (the code allocator
/// gives each finalized function its own pages).
const PAGE: usize = 4096;

/// A compiled block: its entry and the instructions it runs at most.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CompiledBlock {
    entry: usize,
    /// The module's way in from Rust ([`Backend::enter`]).
    enter: usize,
    /// Instructions compiled (the most the block retires per run).
    pub len: u8,
}

/// `enter(hart, entry)`: calls the compiled block `entry`, which uses the
/// tail-call convention, with the C convention on the outside.
type EnterFn = extern "C" fn(*mut Hart, usize);

impl CompiledBlock {
    /// Runs the compiled code on `hart`, from `hart.pc` and `hart.retired`
    /// (and the blocks it goes on to, see `compiler::Translator::chain`).
    #[inline(always)]
    pub(crate) fn call(self, hart: &mut Hart) {
        // SAFETY: `enter` is the address of the function Cranelift
        // finalized in the current code module with the signature
        // `extern "C" fn(*mut Hart, usize)` (the ISA's default calling
        // convention), which calls `entry`, a block function of the same
        // module taking the hart; the module lives until `Jit::flush_code`,
        // which zeroes every table entry first. The generated code reaches
        // only the hart (through this pointer, at the offsets of
        // `HartLayout`), the hart's block maps and the jit's tables (fixed
        // allocations), and the guest RAM buffers baked in, after bounds
        // checks.
        let f: EnterFn = unsafe { std::mem::transmute(self.enter) };
        f(hart, self.entry);
    }
}

/// Cranelift's JIT module and reusable contexts.
pub(super) struct Backend {
    /// Freed by `Drop for Backend`.
    module: std::mem::ManuallyDrop<JITModule>,
    /// The way in from Rust ([`EnterFn`]), compiled first.
    pub(super) enter: usize,
    ctx: cranelift_codegen::Context,
    fctx: FunctionBuilderContext,
}

impl Backend {
    pub(super) fn new() -> Result<Backend, String> {
        let mut flags = settings::builder();
        // The IR verifier doubles compile time: on in debug builds only.
        let verifier = if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        };
        // opt_level none: Cranelift's optimizer ("speed") saved 3 % of the
        // host instructions of compiled bench.elf code but made compiling
        // 50 % dearer, a loss on the user programs (sha256 0.35 s against
        // 0.18 s, qsort 1.00 s against 0.77 s).
        // Register allocation: the default backtracking allocator is half
        // of compiling (regalloc2 50 % of 4.48 G host instructions for the
        // 1327 blocks of hello with --jit-hot 1); "single_pass" compiled
        // that in 3.18 G but a Linux boot took 10.6 s CPU against 8.3 s.
        // Frame pointers: Cranelift's x86-64 tail calls (a block going on
        // to the next) need them.
        for (k, v) in [
            ("opt_level", "none"),
            ("preserve_frame_pointers", "true"),
            ("is_pic", "false"),
            ("enable_verifier", verifier),
        ] {
            flags.set(k, v).map_err(|e| e.to_string())?;
        }
        let isa = cranelift_native::builder()?
            .finish(settings::Flags::new(flags))
            .map_err(|e| e.to_string())?;
        let module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
        let ctx = module.make_context();
        let mut backend = Backend {
            module: std::mem::ManuallyDrop::new(module),
            enter: 0,
            ctx,
            fctx: FunctionBuilderContext::new(),
        };
        backend.enter = backend.compile_enter()?;
        Ok(backend)
    }

    /// The signature of a compiled block: (hart) by the tail-call
    /// convention, which lets a block end in a tail call of the next.
    fn block_signature(&self) -> ir::Signature {
        let mut sig = ir::Signature::new(CallConv::Tail);
        sig.params.push(AbiParam::new(types::I64));
        sig
    }

    /// Compiles [`EnterFn`]: a C-convention function that calls the block
    /// given as its second argument with the hart.
    fn compile_enter(&mut self) -> Result<usize, String> {
        let m = &mut self.module;
        self.ctx.clear();
        let call_conv = m.isa().default_call_conv();
        self.ctx.func.signature = ir::Signature::new(call_conv);
        self.ctx
            .func
            .signature
            .params
            .push(AbiParam::new(types::I64));
        self.ctx
            .func
            .signature
            .params
            .push(AbiParam::new(types::I64));
        let mut block_sig = ir::Signature::new(CallConv::Tail);
        block_sig.params.push(AbiParam::new(types::I64));
        {
            let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            let (hart, block) = (b.block_params(entry)[0], b.block_params(entry)[1]);
            let sig = b.import_signature(block_sig);
            b.ins().call_indirect(sig, block, &[hart]);
            b.ins().return_(&[]);
            b.seal_all_blocks();
            b.finalize();
        }
        let id = m
            .declare_anonymous_function(&self.ctx.func.signature)
            .map_err(|e| e.to_string())?;
        m.define_function(id, &mut self.ctx)
            .map_err(|e| format!("{e:?}"))?;
        m.clear_context(&mut self.ctx);
        m.finalize_definitions().map_err(|e| e.to_string())?;
        Ok(m.get_finalized_function(id) as usize)
    }

    /// Compiles `instrs`; returns the entry and the code size.
    pub(super) fn compile(
        &mut self,
        instrs: &[Instr],
        ram: RamHostView,
        verify: bool,
        chain: ChainTables,
        first: usize,
    ) -> Result<(usize, usize), String> {
        self.ctx.clear();
        self.ctx.func.signature = self.block_signature();
        let m = &mut self.module;
        debug_assert_eq!(m.target_config().pointer_type(), types::I64);
        let env = Env {
            ram,
            verify,
            call_conv: m.isa().default_call_conv(),
            chain: (!verify).then_some(chain),
            first,
        };
        compiler::translate(&mut self.ctx.func, &mut self.fctx, instrs, &env);
        // RUST_LOG=rvmmu::jit::code=trace: each block's host code.
        let show = log::log_enabled!(target: "rvmmu::jit::code", log::Level::Trace);
        self.ctx.set_disasm(show);
        let id = m
            .declare_anonymous_function(&self.ctx.func.signature)
            .map_err(|e| e.to_string())?;
        m.define_function(id, &mut self.ctx)
            .map_err(|e| format!("{e:?}"))?;
        let size = self
            .ctx
            .compiled_code()
            .map_or(0, |c| c.code_info().total_size as usize);
        if show {
            let code = self.ctx.compiled_code().and_then(|c| c.vcode.as_deref());
            log::trace!(target: "rvmmu::jit::code", "block of {} instructions, {size} bytes:\n{}", instrs.len(), code.unwrap_or(""));
        }
        m.clear_context(&mut self.ctx);
        m.finalize_definitions().map_err(|e| e.to_string())?;
        Ok((m.get_finalized_function(id) as usize, size))
    }
}

/// The compiling tier's state in a hart.
pub struct Jit {
    pub(crate) mode: JitMode,
    /// Page-cache hits of compiled code (load, store), not yet added to the
    /// MMU's statistics. Read and written by generated code.
    pub(crate) hits: [u64; 2],
    cache_bytes: usize,
    /// Entries after which a block is compiled.
    hot: u16,
    /// Per arena index: the compiled entry, or 0.
    code: Vec<usize>,
    /// Per arena index: instructions compiled.
    len: Vec<u8>,
    /// Per arena index: entries so far, or `DONE`.
    heat: Vec<u16>,
    backend: Option<Backend>,
    /// `--jit-threads 1`: the compile thread (`worker.rs`), started at
    /// the first hot block; `backend` is then unused.
    threads: u8,
    worker: Option<Worker>,
    /// Blocks asked of the worker and not yet answered.
    in_flight: usize,
    /// Counts the code cache's flushes: results compiled before the last
    /// one are stale.
    epoch: u64,
    /// The current module's way in ([`Backend::enter`]).
    enter: usize,
    /// Set when Cranelift cannot be set up for this host: nothing compiles.
    broken: bool,
    /// Host bytes of compiled code in the current module.
    used: usize,
    /// Blocks compiled, and times the code cache was emptied.
    pub compiled: u64,
    pub flushes: u64,
    /// Instructions retired in compiled code (from the run loop's entry
    /// into compiled code to its return, chained blocks included).
    pub retired: u64,
    pub(crate) verify: super::verify::Journal,
}

/// Cranelift's JIT module does not give its code memory back when dropped
/// (`JITModule::free_memory` must be called): the backend frees it when it
/// goes, with its hart or in `Jit::flush_code` (a test builds thousands of
/// harts).
impl Drop for Backend {
    fn drop(&mut self) {
        // SAFETY: the module is taken once, here, and never used again.
        let module = unsafe { std::mem::ManuallyDrop::take(&mut self.module) };
        // SAFETY: the backend goes with its hart, or in `flush_code` after
        // every table entry was zeroed: nothing can enter its code any
        // more, and no compiled code is running (compiling and flushing
        // happen in the run loop, between blocks).
        unsafe { module.free_memory() };
    }
}

impl std::fmt::Debug for Jit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jit")
            .field("mode", &self.mode)
            .field("compiled", &self.compiled)
            .field("flushes", &self.flushes)
            .field("used", &self.used)
            .finish_non_exhaustive()
    }
}

impl Jit {
    pub fn new(config: JitConfig) -> Jit {
        // Zeroed vectors: the allocator hands out untouched pages, so a
        // short run pays nothing for the tables.
        let n = if config.mode.enabled() { TABLE } else { 0 };
        Jit {
            mode: config.mode,
            hits: [0; 2],
            cache_bytes: config.cache_bytes,
            hot: config.hot.clamp(1, DONE - 1),
            code: vec![0; n],
            len: vec![0; n],
            heat: vec![0; n],
            backend: None,
            threads: if config.mode == JitMode::On {
                config.threads
            } else {
                0
            },
            worker: None,
            in_flight: 0,
            epoch: 0,
            enter: 0,
            broken: false,
            used: 0,
            compiled: 0,
            flushes: 0,
            retired: 0,
            verify: Default::default(),
        }
    }

    /// The compiled block at arena index `k`, if any; otherwise counts the
    /// entry. `Err(true)` when the block just became hot.
    #[inline(always)]
    pub(crate) fn lookup(&mut self, k: usize) -> Result<CompiledBlock, bool> {
        let k = k % TABLE;
        match (self.code.get(k), self.heat.get_mut(k)) {
            (Some(&entry), _) if entry != 0 => Ok(CompiledBlock {
                entry,
                enter: self.enter,
                len: self.len.get(k).copied().unwrap_or(0),
            }),
            (_, Some(h)) if *h < self.hot => {
                *h += 1;
                Err(*h == self.hot)
            }
            _ => Err(false),
        }
    }

    /// Forgets what was compiled or counted at arena index `k` (a new block
    /// was decoded there).
    #[inline]
    pub(crate) fn forget(&mut self, k: usize) {
        let k = k % TABLE;
        if let Some(c) = self.code.get_mut(k) {
            *c = 0;
        }
        if let Some(h) = self.heat.get_mut(k) {
            *h = 0;
        }
    }

    /// Compiles the block `instrs` (at arena index `k`) as far as the
    /// compiler handles it. `None` if not even its first instruction is
    /// handled, or Cranelift failed (then the interpreter runs it).
    /// With a compile thread the block is only queued (`tag`: the arena's
    /// flush count, see `worker.rs`) and `None` returned: the interpreter
    /// runs it until [`Jit::install_ready`] finds its code.
    #[cold]
    #[inline(never)]
    pub(crate) fn compile(
        &mut self,
        k: usize,
        instrs: &[Instr],
        ram: RamHostView,
        start_of: *const u32,
        tag: u64,
    ) -> Option<CompiledBlock> {
        let k = k % TABLE;
        if let Some(h) = self.heat.get_mut(k) {
            *h = DONE;
        }
        let n = compiler::compiled_len(instrs);
        if n == 0 || self.broken {
            return None;
        }
        if self.used + PAGE > self.cache_bytes {
            self.flush_code();
            if let Some(h) = self.heat.get_mut(k) {
                *h = DONE;
            }
        }
        let chain = ChainTables {
            start_of: start_of as usize,
            code: self.code.as_ptr() as usize,
            len: self.len.as_ptr() as usize,
        };
        if self.threads > 0 {
            if self.in_flight >= MAX_IN_FLIGHT {
                // The thread is behind: count this block again from zero.
                if let Some(h) = self.heat.get_mut(k) {
                    *h = 0;
                }
                return None;
            }
            self.queue(k, &instrs[..n], ram, chain, tag);
            return None;
        }
        if self.backend.is_none() {
            match Backend::new() {
                Ok(b) => self.backend = Some(b),
                Err(e) => {
                    log::warn!(target: "rvmmu::jit", "no code generator for this host ({e}): interpreting");
                    self.broken = true;
                    return None;
                }
            }
        }
        let backend = self.backend.as_mut()?;
        let verify = self.mode == JitMode::Verify;
        let enter = backend.enter;
        self.enter = enter;
        let (entry, size) = match backend.compile(&instrs[..n], ram, verify, chain, k) {
            Ok(r) => r,
            Err(e) => {
                log::warn!(target: "rvmmu::jit", "compiling a block failed ({e}): interpreting it");
                return None;
            }
        };
        self.used += size.div_ceil(PAGE).max(1) * PAGE;
        self.compiled += 1;
        *self.code.get_mut(k)? = entry;
        *self.len.get_mut(k)? = n as u8;
        Some(CompiledBlock {
            entry,
            enter,
            len: n as u8,
        })
    }

    /// Drops all compiled code (the cache is full): every table entry
    /// first, then the code module.
    #[cold]
    fn flush_code(&mut self) {
        log::debug!(target: "rvmmu::jit", "code cache full ({} bytes): emptied", self.used);
        self.code.fill(0);
        self.heat.fill(0);
        // No table entry points into the module any more: dropping the
        // backend frees its code (`Drop for Backend`); the worker drops
        // its own when it reads the flush, and what it compiled before is
        // stale (a new epoch).
        self.backend = None;
        if let Some(w) = &self.worker {
            w.flush();
        }
        self.epoch += 1;
        self.enter = 0;
        self.used = 0;
        self.flushes += 1;
    }

    /// Sends the block (`n` instructions at arena index `k`) to the compile
    /// thread, starting it first if need be.
    fn queue(
        &mut self,
        k: usize,
        instrs: &[Instr],
        ram: RamHostView,
        chain: ChainTables,
        tag: u64,
    ) {
        if self.worker.is_none() {
            match Worker::spawn() {
                Ok(w) => self.worker = Some(w),
                Err(e) => {
                    log::warn!(target: "rvmmu::jit", "no compile thread ({e}): compiling on the hart's thread");
                    self.threads = 0;
                    return;
                }
            }
        }
        let job = Job {
            k,
            tag,
            epoch: self.epoch,
            instrs: instrs.to_vec(),
            ram,
            chain,
        };
        if self.worker.as_ref().is_some_and(|w| w.compile(job)) {
            self.in_flight += 1;
        }
    }

    /// Installs the blocks the compile thread finished, unless stale:
    /// compiled before the code cache's last flush, or for an arena
    /// generation other than `tag` (see `worker.rs`). Cheap when nothing
    /// is in flight.
    #[inline]
    pub(crate) fn install_ready(&mut self, tag: u64) {
        if self.in_flight > 0 {
            self.install(tag);
        }
    }

    #[cold]
    #[inline(never)]
    fn install(&mut self, tag: u64) {
        while let Some(d) = self.worker.as_ref().and_then(Worker::ready) {
            self.in_flight = self.in_flight.saturating_sub(1);
            let current = d.epoch == self.epoch
                && d.tag == tag
                && self.heat.get(d.k).is_some_and(|&h| h == DONE);
            match d.result {
                Ok(c) if current => {
                    if self.used + c.size > self.cache_bytes {
                        continue; // the next hot block flushes the cache
                    }
                    self.used += c.size.div_ceil(PAGE).max(1) * PAGE;
                    self.compiled += 1;
                    self.enter = c.enter;
                    if let (Some(e), Some(l)) = (self.code.get_mut(d.k), self.len.get_mut(d.k)) {
                        *e = c.entry;
                        *l = d.len;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    log::warn!(target: "rvmmu::jit", "compiling a block failed ({e}): interpreting it");
                    if d.len == 0 {
                        self.broken = true; // no code generator at all
                    }
                }
            }
        }
    }
}
