//! A tiny ELF64 writer for tests: just enough to make bare-metal RISC-V
//! executables (program headers, one section per segment, a symbol table)
//! and to break them in controlled ways.
//!
//! Shared by the loader's unit tests (`#[path]` include) and the end-to-end
//! CLI tests, so both build their files the same way.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub const EM_RISCV: u16 = 243;
pub const EM_X86_64: u16 = 62;
pub const ET_EXEC: u16 = 2;
pub const ET_DYN: u16 = 3;
pub const ET_REL: u16 = 1;
pub const PT_LOAD: u32 = 1;
pub const PT_NOTE: u32 = 4;

const EHDR_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;
const SHDR_SIZE: usize = 64;
const SYM_SIZE: usize = 24;

/// One program header with its file contents.
#[derive(Clone, Debug)]
pub struct Segment {
    pub p_type: u32,
    pub vaddr: u64,
    pub paddr: u64,
    pub data: Vec<u8>,
    pub memsz: u64,
    /// When set, written as `p_filesz` instead of `data.len()`.
    pub filesz_override: Option<u64>,
    /// When set, written as `p_offset` instead of the real offset.
    pub offset_override: Option<u64>,
}

impl Segment {
    /// A PT_LOAD segment at `addr` (virtual = physical) holding `data`,
    /// `memsz` bytes in memory.
    pub fn load(addr: u64, data: Vec<u8>, memsz: u64) -> Segment {
        Segment {
            p_type: PT_LOAD,
            vaddr: addr,
            paddr: addr,
            data,
            memsz,
            filesz_override: None,
            offset_override: None,
        }
    }
}

/// A symbol: name, value, size, ELF type (0 NOTYPE, 1 OBJECT, 2 FUNC),
/// global or local, and the index of the segment whose section holds it.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub value: u64,
    pub size: u64,
    pub st_type: u8,
    pub global: bool,
    pub segment: usize,
}

/// The ELF file under construction. Every header field can be overridden
/// to make broken files.
#[derive(Clone, Debug)]
pub struct ElfBuilder {
    pub class: u8,
    pub data_encoding: u8,
    pub e_type: u16,
    pub machine: u16,
    pub entry: u64,
    pub segments: Vec<Segment>,
    pub symbols: Vec<Symbol>,
    /// Written as `e_phentsize` when set.
    pub phentsize_override: Option<u16>,
}

impl ElfBuilder {
    /// An RV64 little-endian ET_EXEC with entry `entry` and no segments.
    pub fn new(entry: u64) -> ElfBuilder {
        ElfBuilder {
            class: 2,
            data_encoding: 1,
            e_type: ET_EXEC,
            machine: EM_RISCV,
            entry,
            segments: Vec::new(),
            symbols: Vec::new(),
            phentsize_override: None,
        }
    }

    pub fn segment(mut self, s: Segment) -> ElfBuilder {
        self.segments.push(s);
        self
    }

    pub fn symbol(
        mut self,
        name: &str,
        value: u64,
        size: u64,
        st_type: u8,
        segment: usize,
    ) -> Self {
        self.symbols.push(Symbol {
            name: name.to_string(),
            value,
            size,
            st_type,
            global: true,
            segment,
        });
        self
    }

    /// The file bytes: header, program headers, segment data, string
    /// tables, symbol table, section headers.
    pub fn build(&self) -> Vec<u8> {
        let phoff = EHDR_SIZE;
        let mut out = vec![0u8; EHDR_SIZE + PHDR_SIZE * self.segments.len()];
        // Segment contents, 16-byte aligned.
        let mut seg_offsets = Vec::new();
        for s in &self.segments {
            pad_to(&mut out, 16);
            seg_offsets.push(out.len() as u64);
            out.extend_from_slice(&s.data);
        }
        // Section names: one section per segment, then the tables.
        let mut shstrtab = vec![0u8];
        let mut seg_names = Vec::new();
        for i in 0..self.segments.len() {
            seg_names.push(add_str(&mut shstrtab, &format!(".seg{i}")));
        }
        let symtab_name = add_str(&mut shstrtab, ".symtab");
        let strtab_name = add_str(&mut shstrtab, ".strtab");
        let shstrtab_name = add_str(&mut shstrtab, ".shstrtab");

        // Symbols: the null symbol, locals, then globals.
        let mut strtab = vec![0u8];
        let mut syms = vec![0u8; SYM_SIZE];
        let mut ordered: Vec<&Symbol> = self.symbols.iter().filter(|s| !s.global).collect();
        let first_global = 1 + ordered.len();
        ordered.extend(self.symbols.iter().filter(|s| s.global));
        for s in ordered {
            let name = add_str(&mut strtab, &s.name);
            let bind: u8 = if s.global { 1 } else { 0 };
            syms.extend_from_slice(&name.to_le_bytes());
            syms.push(bind << 4 | (s.st_type & 0xf));
            syms.push(0);
            syms.extend_from_slice(&((s.segment + 1) as u16).to_le_bytes());
            syms.extend_from_slice(&s.value.to_le_bytes());
            syms.extend_from_slice(&s.size.to_le_bytes());
        }

        pad_to(&mut out, 8);
        let strtab_off = out.len() as u64;
        out.extend_from_slice(&strtab);
        pad_to(&mut out, 8);
        let symtab_off = out.len() as u64;
        out.extend_from_slice(&syms);
        let shstrtab_off = out.len() as u64;
        out.extend_from_slice(&shstrtab);
        pad_to(&mut out, 8);
        let shoff = out.len() as u64;

        let n_seg = self.segments.len();
        let strtab_idx = n_seg + 2;
        let shstrtab_idx = n_seg + 3;
        // Null section header.
        out.extend_from_slice(&[0u8; SHDR_SIZE]);
        for (i, s) in self.segments.iter().enumerate() {
            let flags = 0x2 | 0x4; // SHF_ALLOC | SHF_EXECINSTR
            push_shdr(
                &mut out,
                seg_names[i],
                1, // SHT_PROGBITS
                flags,
                s.vaddr,
                seg_offsets[i],
                s.data.len() as u64,
                0,
                0,
                0,
            );
        }
        push_shdr(
            &mut out,
            symtab_name,
            2, // SHT_SYMTAB
            0,
            0,
            symtab_off,
            syms.len() as u64,
            strtab_idx as u32,
            first_global as u32,
            SYM_SIZE as u64,
        );
        push_shdr(
            &mut out,
            strtab_name,
            3,
            0,
            0,
            strtab_off,
            strtab.len() as u64,
            0,
            0,
            0,
        );
        push_shdr(
            &mut out,
            shstrtab_name,
            3,
            0,
            0,
            shstrtab_off,
            shstrtab.len() as u64,
            0,
            0,
            0,
        );
        let shnum = shstrtab_idx + 1;

        // ELF header (ELF64 layout, little-endian fields).
        let mut h = Vec::with_capacity(EHDR_SIZE);
        h.extend_from_slice(&[0x7f, b'E', b'L', b'F', self.class, self.data_encoding, 1, 0]);
        h.extend_from_slice(&[0u8; 8]);
        h.extend_from_slice(&self.e_type.to_le_bytes());
        h.extend_from_slice(&self.machine.to_le_bytes());
        h.extend_from_slice(&1u32.to_le_bytes());
        h.extend_from_slice(&self.entry.to_le_bytes());
        h.extend_from_slice(&(phoff as u64).to_le_bytes());
        h.extend_from_slice(&shoff.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes()); // e_flags
        h.extend_from_slice(&(EHDR_SIZE as u16).to_le_bytes());
        let phentsize = self.phentsize_override.unwrap_or(PHDR_SIZE as u16);
        h.extend_from_slice(&phentsize.to_le_bytes());
        h.extend_from_slice(&(n_seg as u16).to_le_bytes());
        h.extend_from_slice(&(SHDR_SIZE as u16).to_le_bytes());
        h.extend_from_slice(&(shnum as u16).to_le_bytes());
        h.extend_from_slice(&(shstrtab_idx as u16).to_le_bytes());
        out[..EHDR_SIZE].copy_from_slice(&h);

        // Program headers.
        for (i, s) in self.segments.iter().enumerate() {
            let mut p = Vec::with_capacity(PHDR_SIZE);
            p.extend_from_slice(&s.p_type.to_le_bytes());
            p.extend_from_slice(&7u32.to_le_bytes()); // RWX
            p.extend_from_slice(&s.offset_override.unwrap_or(seg_offsets[i]).to_le_bytes());
            p.extend_from_slice(&s.vaddr.to_le_bytes());
            p.extend_from_slice(&s.paddr.to_le_bytes());
            let filesz = s.filesz_override.unwrap_or(s.data.len() as u64);
            p.extend_from_slice(&filesz.to_le_bytes());
            p.extend_from_slice(&s.memsz.to_le_bytes());
            p.extend_from_slice(&16u64.to_le_bytes());
            let at = phoff + i * PHDR_SIZE;
            out[at..at + PHDR_SIZE].copy_from_slice(&p);
        }
        out
    }
}

#[allow(clippy::too_many_arguments)]
fn push_shdr(
    out: &mut Vec<u8>,
    name: u32,
    sh_type: u32,
    flags: u64,
    addr: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
    entsize: u64,
) {
    out.extend_from_slice(&name.to_le_bytes());
    out.extend_from_slice(&sh_type.to_le_bytes());
    out.extend_from_slice(&flags.to_le_bytes());
    out.extend_from_slice(&addr.to_le_bytes());
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&link.to_le_bytes());
    out.extend_from_slice(&info.to_le_bytes());
    out.extend_from_slice(&8u64.to_le_bytes());
    out.extend_from_slice(&entsize.to_le_bytes());
}

fn add_str(table: &mut Vec<u8>, s: &str) -> u32 {
    let at = table.len() as u32;
    table.extend_from_slice(s.as_bytes());
    table.push(0);
    at
}

fn pad_to(out: &mut Vec<u8>, align: usize) {
    out.resize(out.len().next_multiple_of(align), 0);
}

/// Little-endian bytes of a sequence of 32-bit instructions.
pub fn code(insns: &[u32]) -> Vec<u8> {
    insns.iter().flat_map(|i| i.to_le_bytes()).collect()
}

/// Hand-encoded RV64I programs (RISC-V Unprivileged ISA 20191213, ch. 2
/// and 24 for the encodings).
pub mod programs {
    /// `lui t0, 0x100; lui t1, 0x2a3; addi t1, t1, 0x333; sw t1, 0(t0); j .`
    /// Stores 0x3333 | 42 << 16 to the SiFive test finisher at 0x10_0000:
    /// exit code 42.
    pub const FINISHER_EXIT_42: [u32; 5] = [
        0x0010_02b7, // lui   t0, 0x100
        0x002a_3337, // lui   t1, 0x2a3
        0x3333_0313, // addi  t1, t1, 0x333
        0x0062_a023, // sw    t1, 0(t0)
        0x0000_006f, // j     .
    ];

    /// `j .` forever.
    pub const SPIN: [u32; 1] = [0x0000_006f];

    /// Writes `(code << 1) | 1` to `tohost` at pc + 0x1000 as one 64-bit
    /// store, then spins: the riscv-tests exit convention. `code` < 1024.
    pub fn htif_exit(code: u32) -> [u32; 4] {
        let value = (code << 1) | 1;
        [
            0x0000_1297,                 // auipc t0, 0x1
            (value << 20) | 0x0000_0313, // addi  t1, x0, value
            0x0062_b023,                 // sd    t1, 0(t0)
            0x0000_006f,                 // j     .
        ]
    }
}
