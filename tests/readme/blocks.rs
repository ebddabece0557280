//! Generated blocks in the README: `<!-- gen:NAME (an optional note) -->` … `<!-- /gen -->`. They
//! are HTML comments, which Markdown renders as nothing. A begin marker that ends its line opens
//! a block of whole lines (a table, a code fence); one inside a sentence holds a value. This
//! module finds them, puts new contents in, and shows how a block differs from what it should
//! hold.

use std::ops::Range;

const BEGIN: &str = "<!-- gen:";
const END: &str = "<!-- /gen -->";

/// One generated block of the README.
pub struct Block {
    pub name: String,
    /// Whole lines (the markers on lines of their own) rather than a value inside a sentence.
    pub lines: bool,
    /// Where its contents lie in the README, between the markers.
    pub contents: Range<usize>,
}

impl Block {
    /// What the README holds between the markers for `body`: a block of lines starts on the
    /// line after its begin marker and ends with a line break.
    pub fn contents_for(&self, body: &str) -> String {
        if self.lines {
            assert!(
                body.ends_with('\n'),
                "block {}: generated lines must end with a line break",
                self.name
            );
            format!("\n{body}")
        } else {
            assert!(
                !body.contains('\n'),
                "block {}: a value inside a sentence must fit on one line: {body:?}",
                self.name
            );
            body.to_string()
        }
    }
}

/// Every generated block of `text`, in order; panics on a marker that is not closed, a block
/// inside another, or a value marker that starts a line (Markdown would read a line that
/// starts with `<!--` as an HTML block and cut the paragraph there).
pub fn find(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(BEGIN) {
        let begin = from + found;
        let line = line_of(text, begin);
        let marker_end = begin
            + text[begin..]
                .find("-->")
                .unwrap_or_else(|| panic!("README line {line}: a gen marker is not closed"))
            + "-->".len();
        let name: String = text[begin + BEGIN.len()..marker_end - "-->".len()]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(
            !name.is_empty(),
            "README line {line}: a gen marker without a name"
        );
        let end = marker_end
            + text[marker_end..]
                .find(END)
                .unwrap_or_else(|| panic!("README line {line}: block {name} has no {END}"));
        assert!(
            !text[marker_end..end].contains(BEGIN),
            "README line {line}: block {name} holds another block"
        );
        let lines = text[marker_end..].starts_with('\n');
        let at_line_start = |at: usize| at == 0 || text.as_bytes()[at - 1] == b'\n';
        if lines {
            assert!(
                at_line_start(begin) && at_line_start(end),
                "README line {line}: block {name}: the markers of a block of lines stand on \
                 lines of their own"
            );
        } else {
            assert!(
                !at_line_start(begin),
                "README line {line}: value {name} starts a line, where Markdown would take its \
                 marker for an HTML block and cut the paragraph: rewrap the sentence"
            );
        }
        blocks.push(Block {
            name,
            lines,
            contents: marker_end..end,
        });
        from = end + END.len();
    }
    blocks
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// `text` with each block's contents replaced by the matching entry of `contents`.
pub fn replace(text: &str, blocks: &[Block], contents: &[String]) -> String {
    let mut rewritten = String::with_capacity(text.len());
    let mut copied = 0;
    for (block, new) in blocks.iter().zip(contents) {
        rewritten.push_str(&text[copied..block.contents.start]);
        rewritten.push_str(new);
        copied = block.contents.end;
    }
    rewritten.push_str(&text[copied..]);
    rewritten
}

/// How `old` (the README's) differs from `new` (the run's): the changed lines, with the lines
/// both share at the start and the end left out.
pub fn difference(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut shown = String::new();
    for line in &old[prefix..old.len() - suffix] {
        shown.push_str(&format!("  - README: {line}\n"));
    }
    for line in &new[prefix..new.len() - suffix] {
        shown.push_str(&format!("  + run:    {line}\n"));
    }
    shown
}

#[test]
fn blocks_of_lines_and_values_are_found_and_replaced() {
    let text = "A\n<!-- gen:table (note) -->\n| a |\n<!-- /gen -->\nIt pays <!-- gen:x -->1.5<!-- /gen --> a round.\n";
    let blocks = find(text);
    let names: Vec<&str> = blocks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["table", "x"]);
    assert_eq!(&text[blocks[0].contents.clone()], "\n| a |\n");
    assert_eq!(&text[blocks[1].contents.clone()], "1.5");
    let contents = [
        blocks[0].contents_for("| b |\n"),
        blocks[1].contents_for("2"),
    ];
    assert_eq!(
        replace(text, &blocks, &contents),
        "A\n<!-- gen:table (note) -->\n| b |\n<!-- /gen -->\nIt pays <!-- gen:x -->2<!-- /gen --> a round.\n"
    );
    assert_eq!(
        difference("a\nb\nc\n", "a\nB\nc\n"),
        "  - README: b\n  + run:    B\n"
    );
}

#[test]
#[should_panic(expected = "starts a line")]
fn a_value_that_starts_a_line_is_refused() {
    find("It pays\n<!-- gen:x -->1.5<!-- /gen --> a round.\n");
}
