//! Reading a flattened device tree back into a tree of nodes, changing a
//! few properties, and writing it again with `vm-fdt` (DTSpec 0.4,
//! chapter 5: header, memory reservation block, structure block, strings
//! block). `rvmmu boot` uses it to check a `--dtb FILE`, to put the
//! initrd and the boot arguments into its `/chosen`, and to add the
//! `/reserved-memory` node that keeps the kernel out of the built-in
//! SBI firmware's region.

use vm_fdt::{FdtReserveEntry, FdtWriter};

const FDT_MAGIC: u32 = 0xd00d_feed;
const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;
/// Deeper trees are refused (DTSpec sets no limit; real trees are < 8).
const MAX_DEPTH: usize = 32;

/// Why a blob is not a usable device tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FdtError {
    #[error("not a flattened device tree (no 0xd00dfeed magic)")]
    NotFdt,
    #[error("device tree truncated: the header says {total} bytes, the file has {len}")]
    Truncated { total: usize, len: usize },
    #[error("device tree version {0} is not supported (16 or 17 are)")]
    Version(u32),
    #[error("malformed device tree: {0}")]
    Malformed(&'static str),
    #[error("cannot write the device tree: {0}")]
    Write(String),
}

/// One node: its properties (in order) and its children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    pub name: String,
    pub props: Vec<(String, Vec<u8>)>,
    pub children: Vec<Node>,
}

/// A whole tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// The memory reservation block: (address, size).
    pub reserved: Vec<(u64, u64)>,
    pub boot_cpuid: u32,
    pub root: Node,
}

fn be32(b: &[u8], off: usize) -> Result<u32, FdtError> {
    b.get(off..off + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_be_bytes)
        .ok_or(FdtError::Malformed("an offset points outside the blob"))
}

fn be64(b: &[u8], off: usize) -> Result<u64, FdtError> {
    Ok((u64::from(be32(b, off)?) << 32) | u64::from(be32(b, off + 4)?))
}

/// The NUL-terminated string at `off`.
fn c_str(b: &[u8], off: usize) -> Result<&str, FdtError> {
    let s = b
        .get(off..)
        .ok_or(FdtError::Malformed("a name lies outside the blob"))?;
    let end = s
        .iter()
        .position(|&c| c == 0)
        .ok_or(FdtError::Malformed("a name is not NUL-terminated"))?;
    std::str::from_utf8(&s[..end]).map_err(|_| FdtError::Malformed("a name is not UTF-8"))
}

/// Parses `blob`, checking every offset.
pub fn parse(blob: &[u8]) -> Result<Tree, FdtError> {
    if blob.len() < 40 || be32(blob, 0)? != FDT_MAGIC {
        return Err(FdtError::NotFdt);
    }
    let total = be32(blob, 4)? as usize;
    if total > blob.len() {
        return Err(FdtError::Truncated {
            total,
            len: blob.len(),
        });
    }
    let blob = &blob[..total];
    let off_struct = be32(blob, 8)? as usize;
    let off_strings = be32(blob, 12)? as usize;
    let off_rsvmap = be32(blob, 16)? as usize;
    let version = be32(blob, 20)?;
    if !(16..=17).contains(&version) {
        return Err(FdtError::Version(version));
    }
    let boot_cpuid = be32(blob, 28)?;
    let size_strings = be32(blob, 32)? as usize;
    let size_struct = be32(blob, 36)? as usize;
    let strings = blob
        .get(off_strings..off_strings.saturating_add(size_strings))
        .ok_or(FdtError::Malformed(
            "the strings block lies outside the blob",
        ))?;
    let structure = blob
        .get(off_struct..off_struct.saturating_add(size_struct))
        .ok_or(FdtError::Malformed(
            "the structure block lies outside the blob",
        ))?;

    let mut reserved = Vec::new();
    let mut p = off_rsvmap;
    loop {
        let (addr, size) = (be64(blob, p)?, be64(blob, p + 8)?);
        if addr == 0 && size == 0 {
            break;
        }
        reserved.push((addr, size));
        p += 16;
    }

    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let mut p = 0;
    loop {
        let token = be32(structure, p)?;
        p += 4;
        match token {
            FDT_BEGIN_NODE => {
                let name = c_str(structure, p)?;
                p = (p + name.len() + 1 + 3) & !3;
                if stack.len() >= MAX_DEPTH || root.is_some() {
                    return Err(FdtError::Malformed(
                        "nodes nested too deep or after the root",
                    ));
                }
                stack.push(Node {
                    name: name.to_string(),
                    ..Node::default()
                });
            }
            FDT_END_NODE => {
                let node = stack
                    .pop()
                    .ok_or(FdtError::Malformed("an end of node without a node"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            FDT_PROP => {
                let len = be32(structure, p)? as usize;
                let nameoff = be32(structure, p + 4)? as usize;
                let value = structure.get(p + 8..(p + 8).saturating_add(len)).ok_or(
                    FdtError::Malformed("a property value lies outside the blob"),
                )?;
                let name = c_str(strings, nameoff)?;
                stack
                    .last_mut()
                    .ok_or(FdtError::Malformed("a property outside every node"))?
                    .props
                    .push((name.to_string(), value.to_vec()));
                p = (p + 8 + len + 3) & !3;
            }
            FDT_NOP => {}
            FDT_END => break,
            _ => {
                return Err(FdtError::Malformed(
                    "an unknown token in the structure block",
                ))
            }
        }
    }
    let root = match (root, stack.is_empty()) {
        (Some(r), true) => r,
        _ => return Err(FdtError::Malformed("the root node is not closed")),
    };
    Ok(Tree {
        reserved,
        boot_cpuid,
        root,
    })
}

impl Node {
    /// The child called `name`, created (empty) if absent.
    pub fn child_mut(&mut self, name: &str) -> &mut Node {
        let i = match self.children.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.children.push(Node {
                    name: name.to_string(),
                    ..Node::default()
                });
                self.children.len() - 1
            }
        };
        &mut self.children[i]
    }

    /// Sets property `name` to `value`, replacing an existing one.
    pub fn set(&mut self, name: &str, value: Vec<u8>) {
        match self.props.iter_mut().find(|(n, _)| n == name) {
            Some(p) => p.1 = value,
            None => self.props.push((name.to_string(), value)),
        }
    }

    /// The value of property `name`.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    fn write(&self, fdt: &mut FdtWriter) -> Result<(), vm_fdt::Error> {
        let node = fdt.begin_node(&self.name)?;
        for (name, value) in &self.props {
            fdt.property(name, value)?;
        }
        for child in &self.children {
            child.write(fdt)?;
        }
        fdt.end_node(node)
    }
}

impl Tree {
    /// The blob for this tree.
    pub fn to_blob(&self) -> Result<Vec<u8>, FdtError> {
        let err = |e: vm_fdt::Error| FdtError::Write(e.to_string());
        let reserved = self
            .reserved
            .iter()
            .map(|&(a, s)| FdtReserveEntry::new(a, s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let mut fdt = FdtWriter::new_with_mem_reserv(&reserved).map_err(err)?;
        fdt.set_boot_cpuid_phys(self.boot_cpuid);
        self.root.write(&mut fdt).map_err(err)?;
        fdt.finish().map_err(err)
    }

    /// `/chosen`: `bootargs` (when given) and the initrd's range (end
    /// exclusive, as Linux reads `linux,initrd-end`).
    pub fn set_chosen(&mut self, bootargs: Option<&str>, initrd: Option<(u64, u64)>) {
        let chosen = self.root.child_mut("chosen");
        if let Some(args) = bootargs {
            let mut v = args.as_bytes().to_vec();
            v.push(0);
            chosen.set("bootargs", v);
        }
        if let Some((start, end)) = initrd {
            chosen.set("linux,initrd-start", start.to_be_bytes().to_vec());
            chosen.set("linux,initrd-end", end.to_be_bytes().to_vec());
        }
    }

    /// Adds `/reserved-memory/NAME@BASE` with `no-map` (the kernel's
    /// Documentation/devicetree/bindings/reserved-memory): the kernel
    /// neither uses nor maps [base, base + size). Assumes the root's
    /// #address-cells and #size-cells are 2, as in every RV64 tree.
    pub fn reserve_no_map(&mut self, name: &str, base: u64, size: u64) {
        let rm = self.root.child_mut("reserved-memory");
        rm.set("#address-cells", 2u32.to_be_bytes().to_vec());
        rm.set("#size-cells", 2u32.to_be_bytes().to_vec());
        rm.set("ranges", Vec::new());
        let node = rm.child_mut(&format!("{name}@{base:x}"));
        let reg = [base.to_be_bytes(), size.to_be_bytes()].concat();
        node.set("reg", reg);
        node.set("no-map", Vec::new());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut fdt =
            FdtWriter::new_with_mem_reserv(&[FdtReserveEntry::new(0x1000, 0x2000).unwrap()])
                .unwrap();
        let root = fdt.begin_node("").unwrap();
        fdt.property_u32("#address-cells", 2).unwrap();
        fdt.property_u32("#size-cells", 2).unwrap();
        let chosen = fdt.begin_node("chosen").unwrap();
        fdt.property_string("bootargs", "old").unwrap();
        fdt.end_node(chosen).unwrap();
        let mem = fdt.begin_node("memory@80000000").unwrap();
        fdt.property_array_u64("reg", &[0x8000_0000, 0x1000_0000])
            .unwrap();
        fdt.end_node(mem).unwrap();
        fdt.end_node(root).unwrap();
        fdt.finish().unwrap()
    }

    #[test]
    fn a_tree_survives_parse_and_write_unchanged() {
        let blob = sample();
        let tree = parse(&blob).unwrap();
        assert_eq!(tree.reserved, [(0x1000, 0x2000)]);
        assert_eq!(tree.to_blob().unwrap(), blob);
    }

    #[test]
    fn chosen_and_reserved_memory_are_patched_in() {
        let mut tree = parse(&sample()).unwrap();
        tree.set_chosen(Some("console=ttyS0"), Some((0x8f00_0000, 0x8f00_1000)));
        tree.reserve_no_map("mmode_resv0", 0x8000_0000, 0x4_0000);
        let again = parse(&tree.to_blob().unwrap()).unwrap();
        let chosen = again
            .root
            .children
            .iter()
            .find(|c| c.name == "chosen")
            .unwrap();
        assert_eq!(chosen.get("bootargs").unwrap(), b"console=ttyS0\0");
        assert_eq!(
            chosen.get("linux,initrd-start").unwrap(),
            0x8f00_0000u64.to_be_bytes()
        );
        let rm = again
            .root
            .children
            .iter()
            .find(|c| c.name == "reserved-memory")
            .unwrap();
        let node = &rm.children[0];
        assert_eq!(node.name, "mmode_resv0@80000000");
        assert_eq!(node.get("no-map"), Some(&[][..]));
        assert_eq!(
            node.get("reg").unwrap(),
            [0x8000_0000u64.to_be_bytes(), 0x4_0000u64.to_be_bytes()].concat()
        );
    }

    #[test]
    fn broken_blobs_are_refused_with_the_reason() {
        assert_eq!(
            parse(b"hello, this is not a device tree at all!!"),
            Err(FdtError::NotFdt)
        );
        let blob = sample();
        assert!(matches!(
            parse(&blob[..blob.len() - 8]),
            Err(FdtError::Truncated { .. })
        ));
        let mut bad = blob.clone();
        let off_struct = u32::from_be_bytes(bad[8..12].try_into().unwrap()) as usize;
        bad[off_struct..off_struct + 4].copy_from_slice(&7u32.to_be_bytes());
        assert!(matches!(parse(&bad), Err(FdtError::Malformed(_))));
        for cut in 0..blob.len() {
            // Never a panic, whatever the prefix.
            let mut b = blob[..cut].to_vec();
            if b.len() >= 8 {
                b[4..8].copy_from_slice(&(cut as u32).to_be_bytes());
            }
            let _ = parse(&b);
        }
    }
}
