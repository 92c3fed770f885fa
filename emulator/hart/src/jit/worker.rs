//! Compiling in the background (`--jit-threads 1`): a thread of its own
//! owns a Cranelift module and compiles the blocks the hart found hot,
//! while the hart goes on interpreting them; the hart installs each result
//! between blocks (`Jit::install_ready`), if it still belongs to the block
//! it was asked for.
//!
//! What makes a result stale, and how the hart tells:
//! - the block at its arena index was rebuilt: arena indices are handed out
//!   by a bump allocator, so that needs the arena to have been emptied
//!   since the request (`tag`, the arena's flush count);
//! - the code cache was emptied (`Jit::flush_code`): the worker drops its
//!   module when it reads the flush, after the results compiled in it,
//!   which carry the old `epoch`.
//!
//! Only the hart thread runs compiled code; the worker never touches the
//! hart, and the pointers baked into the code (guest RAM, the block maps,
//! the jit's tables) are only compiled in, never dereferenced here.

use super::compiler::ChainTables;
use super::runtime::Backend;
use crate::isa::Instr;
use crate::ram::RamHostView;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

/// A block to compile.
pub(super) struct Job {
    pub k: usize,
    pub tag: u64,
    pub epoch: u64,
    pub instrs: Vec<Instr>,
    pub ram: RamHostView,
    pub chain: ChainTables,
}

// SAFETY: the raw pointers in `ram` (and the addresses in `chain`) are
// only compiled into generated code as constants; the worker thread never
// reads or writes through them.
unsafe impl Send for Job {}

/// A compiled block (or why not): its entry, code size and the module's
/// way in ([`Backend::enter`]).
pub(super) struct Done {
    pub k: usize,
    pub tag: u64,
    pub epoch: u64,
    pub len: u8,
    pub result: Result<Compiled, String>,
}

pub(super) struct Compiled {
    pub entry: usize,
    pub size: usize,
    pub enter: usize,
}

enum Msg {
    Compile(Job),
    /// Drop the module (the hart zeroed every table entry first).
    Flush,
}

/// The hart's handle on its compile thread.
pub(super) struct Worker {
    to: Option<Sender<Msg>>,
    from: Receiver<Done>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    pub(super) fn spawn() -> std::io::Result<Worker> {
        let (to, jobs) = mpsc::channel::<Msg>();
        let (done, from) = mpsc::channel::<Done>();
        let thread = std::thread::Builder::new()
            .name("rvmmu-jit".into())
            .spawn(move || serve(&jobs, &done))?;
        Ok(Worker {
            to: Some(to),
            from,
            thread: Some(thread),
        })
    }

    /// Queues a block; false if the thread is gone.
    pub(super) fn compile(&self, job: Job) -> bool {
        self.to
            .as_ref()
            .is_some_and(|t| t.send(Msg::Compile(job)).is_ok())
    }

    pub(super) fn flush(&self) {
        if let Some(t) = &self.to {
            let _ = t.send(Msg::Flush);
        }
    }

    /// A finished block, if one is ready.
    pub(super) fn ready(&self) -> Option<Done> {
        self.from.try_recv().ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the queue ends the thread, which frees its module.
        self.to = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The compile thread: jobs in order, a module created at the first one
/// and after each flush.
fn serve(jobs: &Receiver<Msg>, done: &Sender<Done>) {
    let mut backend: Option<Backend> = None;
    for msg in jobs {
        let job = match msg {
            Msg::Flush => {
                backend = None;
                continue;
            }
            Msg::Compile(job) => job,
        };
        if backend.is_none() {
            match Backend::new() {
                Ok(b) => backend = Some(b),
                Err(e) => {
                    let d = Done {
                        k: job.k,
                        tag: job.tag,
                        epoch: job.epoch,
                        len: 0,
                        result: Err(format!("no code generator for this host ({e})")),
                    };
                    if done.send(d).is_err() {
                        return;
                    }
                    continue;
                }
            }
        }
        let Some(b) = backend.as_mut() else { continue };
        let result = b
            .compile(&job.instrs, job.ram, false, job.chain, job.k)
            .map(|(entry, size)| Compiled {
                entry,
                size,
                enter: b.enter,
            });
        let d = Done {
            k: job.k,
            tag: job.tag,
            epoch: job.epoch,
            len: job.instrs.len() as u8,
            result,
        };
        if done.send(d).is_err() {
            return;
        }
    }
}
